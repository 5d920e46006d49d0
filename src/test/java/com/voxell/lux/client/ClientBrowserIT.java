package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.support.Browser;
import com.voxell.lux.support.DroppingProxy;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.TestKeys;
import java.io.File;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.logging.LogEntry;

/**
 * The JavaScript client, the custom elements and the console in a real headless Chromium against a
 * real Lux on Payara Micro. Screenshots go to {@code target/screenshots/}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientBrowserIT {

  private static final String HARNESS = "/test/harness.html";
  private static final String PORTAL = "https://portal.example.com";

  private static Browser browser;

  @Deployment(testable = false)
  static WebArchive deployment() {
    return LuxDeployment.war("lux.cors.origins=" + PORTAL)
        .addAsWebResource(new File("src/test/browser/harness.html"), "test/harness.html");
  }

  @BeforeAll
  static void startBrowser() {
    browser = new Browser();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private static String base() {
    return Lux.base().toString();
  }

  private static void put(String id, String data) {
    assertThat(Lux.put(id, "{\"data\":" + data + "}", TestKeys.ADMIN).statusCode()).isIn(200, 201);
  }

  private static void patch(String id, String data) {
    assertThat(Lux.patch(id, "{\"data\":" + data + "}", TestKeys.ADMIN).statusCode())
        .isIn(200, 201);
  }

  private static void openHarness() {
    browser.open(base() + HARNESS);
    browser.until(
        d -> browser.run("return typeof lux === 'function' && !!customElements.get('lux-fleet')"));
  }

  private Object text(String selector) {
    return browser.run(
        "const e = document.querySelector(arguments[0]); return e && e.textContent", selector);
  }

  @Test
  void clientFilesAreServedAsJavaScriptWithCorsForConfiguredOrigins() {
    for (String file : List.of("/lux.js", "/lux.mjs", "/lux-elements.js")) {
      HttpResponse<String> response =
          Lux.send(
              HttpRequest.newBuilder(Lux.base().resolve(file))
                  .header("Origin", PORTAL)
                  .timeout(Duration.ofSeconds(30)));
      assertThat(response.statusCode()).as(file).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .as(file)
          .startsWith("text/javascript");
      assertThat(response.headers().firstValue("Access-Control-Allow-Origin"))
          .as(file)
          .contains(PORTAL);
    }
    HttpResponse<String> other =
        Lux.send(
            HttpRequest.newBuilder(Lux.base().resolve("/lux.mjs"))
                .header("Origin", "https://elsewhere.example.org")
                .timeout(Duration.ofSeconds(30)));
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void seedSnippetRendersTheStateThenFollowsFurtherWrites() {
    String id = "workflow-invoice-reconcile-abc123";
    put(
        id,
        "{\"job\":\"invoice-reconcile\",\"status\":\"validating\",\"step\":\"validating\",\"progress\":67}");
    openHarness();

    Object first =
        browser.await(
            """
            const apiKey = args[0];
            const broker = location.origin;
            const wsBroker = broker.replace(/^http/, 'ws');
            function renderAgentProgress(data, meta) {
              document.getElementById('out').textContent = data.progress + ' % v' + meta.version;
            }
            // The seed's snippet, as written:
            const run = lux('workflow-invoice-reconcile-abc123', {
              endpoint: `${broker}/api/lux`,
              websocketUrl: `${wsBroker}/api/lux/stream/workflow-invoice-reconcile-abc123`,
              apiKey, realtime: true });
            await run.load(renderAgentProgress);   // renderAgentProgress(data, meta) now, and on every change
            window.run = run;
            return document.getElementById('out').textContent;
            """,
            TestKeys.READER);
    assertThat((String) first).startsWith("67 %");

    patch(id, "{\"progress\":68,\"step\":\"reconciling\"}");
    browser.until(d -> String.valueOf(text("#out")).startsWith("68 %"));
    patch(id, "{\"progress\":90}");
    browser.until(d -> String.valueOf(text("#out")).startsWith("90 %"));
    assertThat(browser.run("return run.state.step")).isEqualTo("reconciling");
    assertThat(browser.run("return run.status")).isEqualTo("live");
  }

  @Test
  void theModuleExportsTheSameClientAsTheClassicScript() {
    openHarness();
    Object same =
        browser.await(
            """
            const module = await import('/lux.mjs');
            return [module.lux === window.lux, module.default === window.lux,
                    typeof module.lux.watch, module.lux.DEFAULTS.endpoint].join(' ');
            """);
    assertThat(same).isEqualTo("true true function " + base() + "/api/lux");
  }

  @Test
  void twentyHandlesOnOnePageShareOneSocket() {
    for (int i = 0; i < 20; i++) {
      put("agent-run-share-" + i, "{\"status\":\"queued\",\"n\":" + i + "}");
    }
    openHarness();
    Object sockets =
        browser.await(
            """
            window.handles = Array.from({ length: 20 }, (_, i) => lux('agent-run-share-' + i, { apiKey: args[0] }));
            await Promise.all(handles.map((h) => h.load()));
            return window.sockets.length;
            """,
            TestKeys.READER);
    assertThat(sockets).isEqualTo(1L);
    assertThat(browser.run("return handles.every((h, i) => h.state.n === i)")).isEqualTo(true);

    patch("agent-run-share-13", "{\"status\":\"fetching\"}");
    browser.until(d -> "fetching".equals(browser.run("return handles[13].state.status")));
    assertThat(browser.run("return handles[12].state.status")).isEqualTo("queued");
    assertThat(browser.run("return window.sockets.length")).isEqualTo(1L);
  }

  /**
   * A reverse proxy between browser and broker drops every connection, as a proxy or load balancer
   * does when it restarts: the client sees its socket closed from the server's side, writes go on
   * meanwhile, and the client must reconnect on its own and show the newest state.
   */
  @Test
  void afterTheServerSideClosesTheSocketTheClientReconnectsAndResumesOnTheNewestState() {
    String id = "workflow-dropped-by-proxy";
    put(id, "{\"status\":\"fetching\",\"progress\":10}");
    try (DroppingProxy proxy = new DroppingProxy(Lux.port())) {
      browser.open("http://127.0.0.1:" + proxy.port() + HARNESS);
      browser.until(d -> browser.run("return typeof lux === 'function'"));
      browser.await(
          """
          window.statuses = [];
          window.run = lux(args[0], { apiKey: args[1], backoffInitialMs: 200, backoffMaxMs: 1000 });
          run.on('status', (s) => statuses.push(s));
          await run.load();
          """,
          id,
          TestKeys.READER);
      assertThat(browser.run("return run.state.progress")).isEqualTo(10L);

      proxy.dropAll();
      browser.until(d -> (Boolean) browser.run("return statuses.includes('reconnecting')"));
      patch(id, "{\"progress\":50}");
      patch(id, "{\"progress\":75,\"status\":\"validating\"}");

      browser.until(d -> Long.valueOf(75).equals(browser.run("return run.state.progress")));
      assertThat(browser.run("return run.state.status")).isEqualTo("validating");
      assertThat(browser.run("return run.status")).isEqualTo("live");
      assertThat(browser.run("return window.sockets.length")).isEqualTo(2L);
      patch(id, "{\"progress\":80}");
      browser.until(d -> Long.valueOf(80).equals(browser.run("return run.state.progress")));
    }
  }

  @Test
  void aTokenRefusedMidStreamMakesTheClientCallGetTokenAndCarryOn() {
    String id = "workflow-token-refresh";
    put(id, "{\"status\":\"planning\",\"progress\":1}");
    openHarness();
    browser.await(
        """
        window.tokenCalls = 0;
        window.refusals = [];
        const adminKey = args[1];
        // A short-lived read token from the broker, as a portal's backend would mint it.
        async function getToken() {
          window.tokenCalls++;
          const response = await fetch('/api/lux/tokens', {
            method: 'POST',
            headers: { Authorization: 'Bearer ' + adminKey, 'Content-Type': 'application/json' },
            body: JSON.stringify({ ids: [args[0]], scopes: ['read'], ttl: 3 }),
          });
          if (!response.ok) throw new Error('mint failed: ' + response.status);
          return (await response.json()).token;
        }
        // No early refresh: let the broker refuse the token when it expires.
        window.run = lux(args[0], { getToken, tokenRefreshMarginMs: -3600000, backoffInitialMs: 200 });
        run.on('error', (e) => refusals.push(e.code || e.status));
        await run.load();
        """,
        id,
        TestKeys.ADMIN);
    assertThat(browser.run("return tokenCalls")).isEqualTo(1L);

    browser.until(d -> ((Number) browser.run("return tokenCalls")).intValue() >= 2);
    assertThat(browser.run("return refusals.includes(1008)")).isEqualTo(true);
    browser.until(d -> "live".equals(browser.run("return run.status")));
    patch(id, "{\"status\":\"fetching\",\"progress\":30}");
    browser.until(
        d -> Long.valueOf(30).equals(browser.run("return run.state && run.state.progress")));
  }

  @Test
  void serverSentEventsCarryTheSameStatesWhenWebSocketIsNotUsed() {
    String id = "workflow-over-sse";
    put(id, "{\"status\":\"fetching\",\"progress\":5}");
    openHarness();
    browser.await(
        """
        window.run = lux(args[0], { apiKey: args[1], transport: 'sse' });
        await run.load();
        window.fleet = lux.watch('workflow-over-', { apiKey: args[1], transport: 'sse' });
        await fleet.load();
        """,
        id,
        TestKeys.READER);
    assertThat(browser.run("return run.state.progress")).isEqualTo(5L);
    patch(id, "{\"progress\":45}");
    browser.until(d -> Long.valueOf(45).equals(browser.run("return run.state.progress")));
    browser.until(
        d ->
            Long.valueOf(45)
                .equals(browser.run("return fleet.documents.get(arguments[0]).data.progress", id)));
    assertThat(browser.run("return window.sockets.length")).isEqualTo(0L);
  }

  @Test
  void progressElementShowsTheEtaThenAStalledBadgeWhenTheJobStopsMoving() throws Exception {
    String id = "workflow-insight-element";
    assertThat(
            Lux.put(
                    id,
                    "{\"data\":{\"status\":\"fetching\",\"progress\":10},\"stall\":2}",
                    TestKeys.ADMIN)
                .statusCode())
        .isIn(200, 201);
    Thread.sleep(100); // two writes apart in time give a rate; nothing to await
    put(id, "{\"status\":\"fetching\",\"progress\":20}");
    openHarness();
    browser.run(
        """
        const el = document.createElement('lux-progress');
        el.id = 'insight';
        el.setAttribute('doc', arguments[0]);
        el.setAttribute('api-key', arguments[1]);
        document.body.prepend(el);
        """,
        id,
        TestKeys.READER);
    String part =
        "const p = document.getElementById('insight').shadowRoot.querySelector('[part=' +"
            + " arguments[0] + ']'); return p && !p.hidden ? p.textContent : null";
    browser.until(d -> String.valueOf(browser.run(part, "eta")).startsWith("done in"));
    assertThat(browser.run(part, "stalled")).isNull();

    put(id, "{\"status\":\"fetching\",\"progress\":20}");
    browser.until(d -> "stalled".equals(browser.run(part, "stalled")));
    assertThat(browser.run(part, "eta")).isNull();

    put(id, "{\"status\":\"fetching\",\"progress\":30}");
    browser.until(d -> browser.run(part, "stalled") == null);
  }

  @Test
  void progressElementShowsEveryStatusWithItsWordColourAndProgress() {
    Map<String, String> words =
        Map.of(
            "queued", "Queued",
            "planning", "Planning",
            "fetching", "Fetching",
            "validating", "Validating",
            "waiting", "Waiting for input",
            "retrying", "Retrying",
            "complete", "Complete",
            "failed", "Failed",
            "hibernating", "Hibernating");
    List<String> order =
        List.of(
            "queued",
            "planning",
            "fetching",
            "validating",
            "waiting",
            "retrying",
            "complete",
            "failed",
            "hibernating");
    String one = "workflow-progress-element";
    put(one, "{\"job\":\"invoice-reconcile\",\"status\":\"queued\"}");
    for (String status : order) {
      put("workflow-status-" + status, stateFor(status));
    }
    openHarness();
    browser.run(
        """
        const stage = document.getElementById('stage');
        const one = document.createElement('lux-progress');
        one.id = 'one';
        one.setAttribute('doc', arguments[0]);
        one.setAttribute('api-key', arguments[1]);
        document.body.prepend(one);
        for (const status of arguments[2]) {
          const el = document.createElement('lux-progress');
          el.setAttribute('doc', 'workflow-status-' + status);
          el.setAttribute('api-key', arguments[1]);
          stage.append(el);
        }
        """,
        one,
        TestKeys.READER,
        order);

    String probe =
        """
        const root = document.getElementById('one').shadowRoot;
        const bar = root.querySelector('[role=progressbar]');
        return [root.querySelector('.badge').textContent,
                root.querySelector('.card').dataset.status,
                getComputedStyle(root.querySelector('.card')).borderLeftColor,
                bar.getAttribute('aria-valuenow'),
                root.querySelector('[aria-live=polite]').textContent,
                root.querySelector('.question').hidden ? '' : root.querySelector('.question').textContent].join('|');
        """;
    java.util.Set<String> colours = new java.util.HashSet<>();
    for (String status : order) {
      put(one, stateFor(status));
      String word = words.get(status);
      String seen =
          (String)
              browser.until(
                  d -> {
                    // the state as a whole: a first render may show the word before the bar
                    String now = (String) browser.run(probe);
                    return now.startsWith(word + "|")
                            && now.split("\\|", -1)[3].equals(progressFor(status))
                        ? now
                        : null;
                  });
      String[] parts = seen.split("\\|", -1);
      assertThat(parts[1]).isEqualTo(status.equals("hibernating") ? "other" : status);
      colours.add(parts[2]);
      assertThat(parts[3]).isEqualTo(progressFor(status));
      assertThat(parts[4]).isEqualTo("invoice-reconcile: " + word);
      if (status.equals("waiting")) {
        assertThat(parts[5]).contains("Approve the IBAN change?");
      } else {
        assertThat(parts[5]).isEmpty();
      }
    }
    assertThat(colours)
        .as("each conventional status has its own colour")
        .hasSizeGreaterThanOrEqualTo(9);

    // the stale badge and "updated … ago"
    Lux.put(one, "{\"data\":" + stateFor("fetching") + ",\"lease\":1}", TestKeys.ADMIN);
    browser.until(
        d ->
            (Boolean)
                browser.run(
                    "return !document.getElementById('one').shadowRoot.querySelector('.stale').hidden"));
    assertThat(
            (String)
                browser.run(
                    "return document.getElementById('one').shadowRoot.querySelector('.updated').textContent"))
        .matches("updated \\d+ s ago");
    browser.until(
        d ->
            (Long)
                    browser.run(
                        "return [...document.querySelectorAll('#stage lux-progress')].filter(e => e.state).length")
                == order.size());
    browser.fullScreenshot("progress-statuses");

    assertThat(Lux.delete(one, TestKeys.ADMIN).statusCode()).isEqualTo(204);
    browser.until(
        d ->
            "Removed"
                .equals(
                    browser.run(
                        "return document.getElementById('one').shadowRoot.querySelector('.badge').textContent")));
    put(one, stateFor("planning"));
    browser.until(d -> ((String) browser.run(probe)).startsWith("Planning|"));
  }

  @Test
  void fleetElementAddsAndRemovesRowsAsDocumentsComeAndGo() {
    put("agent-run-fleet-a", "{\"job\":\"alpha\",\"status\":\"fetching\",\"progress\":20}");
    openHarness();
    browser.run(
        """
        const fleet = document.createElement('lux-fleet');
        fleet.id = 'fleet';
        fleet.setAttribute('prefix', 'agent-run-fleet-');
        fleet.setAttribute('api-key', arguments[0]);
        document.getElementById('stage').replaceWith(fleet);
        """,
        TestKeys.READER);
    String rows =
        "return [...document.getElementById('fleet').shadowRoot.querySelectorAll('tbody tr')].map(r => r.dataset.id).join(',')";
    browser.until(d -> "agent-run-fleet-a".equals(browser.run(rows)));

    put("agent-run-fleet-b", "{\"job\":\"beta\",\"status\":\"waiting\",\"input\":\"Ship it?\"}");
    browser.until(d -> "agent-run-fleet-a,agent-run-fleet-b".equals(browser.run(rows)));
    put("agent-run-fleet-0", "{\"job\":\"zero\",\"status\":\"queued\"}");
    browser.until(
        d -> "agent-run-fleet-0,agent-run-fleet-a,agent-run-fleet-b".equals(browser.run(rows)));
    browser.screenshot("fleet-three-rows");

    assertThat(Lux.delete("agent-run-fleet-a", TestKeys.ADMIN).statusCode()).isEqualTo(204);
    browser.until(d -> "agent-run-fleet-0,agent-run-fleet-b".equals(browser.run(rows)));
    patch("agent-run-fleet-b", "{\"status\":\"complete\",\"progress\":100,\"input\":null}");
    browser.until(
        d ->
            "complete"
                .equals(
                    browser.run(
                        "return document.getElementById('fleet').shadowRoot.querySelector('tr[data-id=\"agent-run-fleet-b\"]').dataset.status")));
  }

  @Test
  void fleetRollupHeaderChangesAsDocumentsAreCreatedChangeStatusAndAreDeleted() {
    put("agent-rollup-a", "{\"job\":\"alpha\",\"status\":\"fetching\",\"progress\":20}");
    openHarness();
    browser.run(
        """
        const fleet = document.createElement('lux-fleet');
        fleet.id = 'fleet';
        fleet.setAttribute('prefix', 'agent-rollup-');
        fleet.setAttribute('api-key', arguments[0]);
        document.getElementById('stage').replaceWith(fleet);
        """,
        TestKeys.READER);
    // total | status=count … | flag=count … | oldest stale | longest waiting, as the header shows
    // them
    String header =
        """
        const root = document.getElementById('fleet').shadowRoot;
        const h = root.querySelector('[part=rollup]');
        if (!h || h.hidden) return null;
        return [h.querySelector('.total').dataset.count,
                [...h.querySelectorAll('[data-status]')].map(e => e.dataset.status + ':' + e.dataset.count).join(','),
                [...h.querySelectorAll('[data-flag]')].map(e => e.dataset.flag + ':' + e.dataset.count).join(','),
                (h.querySelector('[data-ref=oldestStale] button') || {}).textContent || '-',
                (h.querySelector('[data-ref=longestWaiting] button') || {}).textContent || '-'].join('|');
        """;
    awaitHeader(header, "1|fetching:1|stale:0,stalled:0,waiting:0,failed:0|-|-");

    put("agent-rollup-b", "{\"job\":\"beta\",\"status\":\"waiting\",\"input\":\"Ship it?\"}");
    awaitHeader(
        header, "2|fetching:1,waiting:1|stale:0,stalled:0,waiting:1,failed:0|-|agent-rollup-b");
    put("agent-rollup-c", "{\"job\":\"gamma\",\"status\":\"failed\",\"error\":\"HTTP 503\"}");
    assertThat(
            Lux.put(
                    "agent-rollup-d",
                    "{\"data\":{\"job\":\"delta\",\"status\":\"retrying\"},\"lease\":1}",
                    TestKeys.ADMIN)
                .statusCode())
        .isIn(200, 201);
    awaitHeader(
        header,
        "4|fetching:1,waiting:1,retrying:1,failed:1|stale:1,stalled:0,waiting:1,failed:1"
            + "|agent-rollup-d|agent-rollup-b");
    assertThat(
            browser.run(
                "return document.getElementById('fleet').shadowRoot.querySelector('[part=rollup]')"
                    + ".getAttribute('aria-label')"))
        .isEqualTo("Jobs under agent-rollup-");
    assertThat(
            browser.run(
                "return document.getElementById('fleet').shadowRoot.querySelector("
                    + "'[data-status=waiting]').textContent"))
        .as("the same word as the rows")
        .isEqualTo("1 Waiting for input");
    browser.screenshot("fleet-rollup-header");

    patch("agent-rollup-b", "{\"status\":\"complete\",\"progress\":100,\"input\":null}");
    awaitHeader(
        header,
        "4|fetching:1,retrying:1,complete:1,failed:1|stale:1,stalled:0,waiting:0,failed:1"
            + "|agent-rollup-d|-");
    assertThat(Lux.delete("agent-rollup-a", TestKeys.ADMIN).statusCode()).isEqualTo(204);
    assertThat(Lux.delete("agent-rollup-d", TestKeys.ADMIN).statusCode()).isEqualTo(204);
    awaitHeader(header, "2|complete:1,failed:1|stale:0,stalled:0,waiting:0,failed:1|-|-");

    // a click on an id in the header selects that job, like a click on its row
    put("agent-rollup-e", "{\"job\":\"epsilon\",\"status\":\"waiting\"}");
    awaitHeader(
        header,
        "3|waiting:1,complete:1,failed:1|stale:0,stalled:0,waiting:1,failed:1|-|agent-rollup-e");
    browser.run(
        """
        const fleet = document.getElementById('fleet');
        fleet.addEventListener('lux-select', (e) => { window.picked = e.detail.id; });
        fleet.shadowRoot.querySelector('[data-ref=longestWaiting] button').click();
        """);
    assertThat(browser.run("return window.picked")).isEqualTo("agent-rollup-e");
  }

  private static void awaitHeader(String probe, String expected) {
    try {
      browser.until(d -> expected.equals(browser.run(probe)));
    } catch (RuntimeException e) {
      throw new AssertionError(
          "header never became " + expected + "; it is " + browser.run(probe), e);
    }
  }

  @Test
  void progressElementShowsTheStepTimelineOnDemand() {
    String id = "workflow-timeline-element";
    put(id, "{\"job\":\"invoice-reconcile\",\"status\":\"planning\",\"step\":\"plan\"}");
    put(id, "{\"job\":\"invoice-reconcile\",\"status\":\"fetching\",\"step\":\"fetch\"}");
    openHarness();
    browser.run(
        """
        const el = document.createElement('lux-progress');
        el.id = 'timed';
        el.setAttribute('doc', arguments[0]);
        el.setAttribute('api-key', arguments[1]);
        document.getElementById('stage').append(el);
        """,
        id,
        TestKeys.READER);
    String steps =
        """
        const t = document.getElementById('timed').shadowRoot.querySelector('[part=timeline]');
        if (!t || t.hidden) return null;
        return [...t.querySelectorAll('li')].map(li => [...li.querySelectorAll('span')]
            .map(s => s.textContent).join('/')).join(' > ');
        """;
    browser.until(d -> "".equals(browser.run(steps)));
    browser.run(
        "document.getElementById('timed').shadowRoot.querySelector('[part=timeline] summary').click()");
    browser.until(
        d ->
            String.valueOf(browser.run(steps))
                .matches("plan/Planning/\\d+ (ms|s) > fetch/Fetching/\\d+ (ms|s) so far"));

    patch(id, "{\"status\":\"validating\",\"step\":\"check\"}");
    browser.until(
        d ->
            String.valueOf(browser.run(steps))
                .matches(".* > fetch/Fetching/\\d+ (ms|s) > check/Validating/\\d+ (ms|s) so far"));
    browser.screenshot("progress-timeline");
  }

  @Test
  void consoleLoadsWithoutConsoleErrorsAndOpensAJob() {
    put(
        "demo-console-invoice-1",
        "{\"job\":\"invoice-reconcile\",\"status\":\"validating\",\"step\":\"Matching 412 invoices\",\"progress\":67,\"summary\":\"276 matched\"}");
    put(
        "demo-console-vendor-2",
        "{\"job\":\"vendor-onboarding\",\"status\":\"waiting\",\"step\":\"Bank details\",\"progress\":40,\"input\":{\"question\":\"Approve the IBAN change?\",\"options\":[\"approve\",\"reject\"]}}");
    put(
        "demo-console-expense-3",
        "{\"job\":\"expense-audit\",\"status\":\"failed\",\"progress\":31,\"error\":\"OCR quota exceeded\"}");
    browser.consoleLog();
    browser.open(base() + "/#prefix=demo-console-&key=" + TestKeys.READER);
    String rows =
        "return document.getElementById('fleet').shadowRoot.querySelectorAll('tbody tr').length";
    browser.until(d -> Long.valueOf(3).equals(browser.run(rows)));
    assertThat(browser.run("return location.hash")).isEqualTo("#prefix=demo-console-");
    browser.until(
        d ->
            "3|1|1"
                .equals(
                    browser.run(
                        "const h = document.getElementById('fleet').shadowRoot.querySelector('[part=rollup]');"
                            + " return h.hidden ? null : [h.querySelector('.total').dataset.count,"
                            + " h.querySelector('[data-flag=waiting]').dataset.count,"
                            + " h.querySelector('[data-flag=failed]').dataset.count].join('|')")));

    browser.run(
        "document.getElementById('fleet').shadowRoot.querySelector('tr[data-id=\"demo-console-vendor-2\"]').click()");
    browser.until(
        d ->
            "Waiting for input"
                .equals(
                    browser.run(
                        "return document.getElementById('progress').shadowRoot.querySelector('.badge').textContent")));
    assertThat((String) browser.run("return document.getElementById('raw').textContent"))
        .contains("Approve the IBAN change?");
    browser.screenshot("console");

    List<LogEntry> problems =
        browser.consoleLog().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .collect(Collectors.toList());
    assertThat(problems).as("console warnings and errors").isEmpty();
  }

  private static String stateFor(String status) {
    String progress = progressFor(status);
    return "{\"job\":\"invoice-reconcile\",\"status\":\""
        + status
        + "\",\"step\":\"step of "
        + status
        + "\""
        + ",\"progress\":"
        + progress
        + (status.equals("waiting")
            ? ",\"input\":{\"question\":\"Approve the IBAN change?\",\"options\":[\"approve\",\"reject\"]}"
            : "")
        + (status.equals("failed") || status.equals("retrying") ? ",\"error\":\"HTTP 503\"" : "")
        + ",\"summary\":\"summary of "
        + status
        + "\"}";
  }

  private static String progressFor(String status) {
    return switch (status) {
      case "queued" -> "5";
      case "planning" -> "8";
      case "fetching" -> "25";
      case "validating" -> "67";
      case "waiting" -> "40";
      case "retrying" -> "55";
      case "complete" -> "100";
      case "failed" -> "31";
      default -> "12";
    };
  }
}
