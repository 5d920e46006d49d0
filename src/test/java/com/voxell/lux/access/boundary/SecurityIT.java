package com.voxell.lux.access.boundary;

import static com.voxell.lux.support.Lux.json;
import static com.voxell.lux.support.Lux.request;
import static com.voxell.lux.support.Lux.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.voxell.lux.support.HostileBodies;
import com.voxell.lux.support.Lux;
import com.voxell.lux.support.LuxDeployment;
import com.voxell.lux.support.StreamClient;
import com.voxell.lux.support.TestKeys;
import com.voxell.lux.support.TestTokens;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what, over real HTTP: every call × every kind of credential gets the exact status (the
 * matrix), refusals change nothing, tokens never exceed their key, and CORS answers only the listed
 * origin.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecurityIT {

  static final String PORTAL_ORIGIN = "https://portal.example.com";
  static final String SEED = "{\"data\":{\"step\":\"seed\"}}";

  static final String IDP = "https://idp.example.com";
  static final RSAKey IDP_KEY = rsaKey();

  @Deployment(testable = false)
  static WebArchive deployment() throws Exception {
    return LuxDeployment.war(
        "lux.cors.origins=" + PORTAL_ORIGIN,
        "lux.token.max-ttl=900",
        "mp.jwt.verify.publickey="
            + Base64.getEncoder().encodeToString(IDP_KEY.toRSAPublicKey().getEncoded()),
        "mp.jwt.verify.issuer=" + IDP);
  }

  static RSAKey rsaKey() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String providerToken(RSAKey key, String prefix, Instant expiresAt) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(IDP)
            .subject("alice")
            .expirationTime(Date.from(expiresAt))
            .claim("scope", "openid read")
            .claim("lux_prefixes", List.of(prefix))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
    jwt.sign(new RSASSASigner(key));
    return TestTokens.record(jwt.serialize());
  }

  @Test
  void identityProviderTokensGrantTheirPrefixesOnly() throws Exception {
    Target target = Target.fresh();
    String token = providerToken(IDP_KEY, target.prefix(), Instant.now().plusSeconds(300));
    assertThat(Lux.get(target.id(), token).statusCode()).isEqualTo(200);
    assertThat(send(request("?prefix=" + target.prefix(), token).GET()).statusCode())
        .isEqualTo(200);
    assertThat(Lux.put(target.id(), SEED, token).statusCode()).as("read only").isEqualTo(403);
    assertThat(Lux.get("workflow-elsewhere", token).statusCode()).isEqualTo(403);
    assertThat(mintStatus(token, "{}")).isEqualTo(403);

    String otherKey = providerToken(rsaKey(), target.prefix(), Instant.now().plusSeconds(300));
    assertThat(Lux.get(target.id(), otherKey).statusCode()).isEqualTo(401);
    String expired = providerToken(IDP_KEY, target.prefix(), Instant.now().minusSeconds(1));
    HttpResponse<String> refused = Lux.get(target.id(), expired);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused).getString("detail")).contains("expired");
  }

  /** A fresh document for one cell: created by the admin key under a prefix of its own. */
  record Target(String prefix, String id) {
    static Target fresh() {
      String prefix = "matrix-" + UUID.randomUUID().toString().substring(0, 8) + "-";
      Target target = new Target(prefix, prefix + "doc");
      assertThat(Lux.put(target.id, SEED, TestKeys.ADMIN).statusCode()).isEqualTo(201);
      return target;
    }
  }

  /** The credentials of the matrix; each yields the bearer value to send for a target. */
  enum Credential {
    NONE(target -> null),
    WRONG_KEY(target -> "it-wrong-secret-000000"),
    READ_KEY(target -> TestKeys.READER),
    WRITE_KEY(target -> TestKeys.WRITER),
    KEY_OUTSIDE_ITS_PREFIXES(target -> TestKeys.AGENTS),
    VALID_TOKEN(
        target ->
            TestTokens.mint(
                TestKeys.ADMIN,
                "{\"prefixes\":[\"" + target.prefix() + "\"],\"scopes\":[\"read\",\"write\"]}")),
    TOKEN_FOR_ANOTHER_DOCUMENT(
        target ->
            TestTokens.mint(
                TestKeys.ADMIN,
                "{\"ids\":[\""
                    + target.prefix()
                    + "elsewhere\"],\"scopes\":[\"read\",\"write\"]}")),
    EXPIRED_TOKEN(
        target ->
            TestTokens.signed(
                TestTokens.claims("admin", target.prefix(), Instant.now().minusSeconds(5)).build(),
                TestKeys.TOKEN_SECRET)),
    FORGED_SIGNATURE(
        target ->
            TestTokens.signed(
                TestTokens.claims("admin", target.prefix(), Instant.now().plusSeconds(600)).build(),
                "forger-secret-of-at-least-32-bytes-long")),
    ALG_NONE(
        target ->
            TestTokens.unsigned(
                TestTokens.claims("admin", target.prefix(), Instant.now().plusSeconds(600))
                    .build()));

    final Function<Target, String> bearer;

    Credential(Function<Target, String> bearer) {
      this.bearer = bearer;
    }

    /** An id this credential may follow although it may not follow the target. */
    String reachable(Target target) {
      return this == KEY_OUTSIDE_ITS_PREFIXES
          ? "workflow-matrix-probe"
          : target.prefix() + "elsewhere";
    }
  }

  /** The HTTP calls of the API, each against the cell's target. */
  enum Call {
    PUT(true),
    PATCH(true),
    GET(false),
    DELETE(true),
    LIST(false),
    TOKENS(false),
    BATCH(true);

    final boolean writes;

    Call(boolean writes) {
      this.writes = writes;
    }

    HttpResponse<String> send(Target target, String bearer) {
      return Lux.send(
          switch (this) {
            case PUT ->
                request("/" + target.id(), bearer)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{\"step\":\"put\"}}"));
            case PATCH ->
                request("/" + target.id(), bearer)
                    .header("Content-Type", "application/merge-patch+json")
                    .method(
                        "PATCH",
                        HttpRequest.BodyPublishers.ofString("{\"data\":{\"step\":\"patch\"}}"));
            case GET -> request("/" + target.id(), bearer).GET();
            case DELETE -> request("/" + target.id(), bearer).DELETE();
            case LIST -> request("?prefix=" + target.prefix(), bearer).GET();
            case BATCH ->
                request("/batch", bearer)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"writes\":[{\"id\":\""
                                + target.id()
                                + "\",\"op\":\"put\",\"data\":{\"step\":\"batch\"}}]}"));
            case TOKENS ->
                request("/tokens", bearer)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString("{\"ids\":[\"" + target.id() + "\"]}"));
          });
    }
  }

  /**
   * The expected status of every cell. Columns: no credential, wrong key, read key, write key, key
   * outside its prefixes, valid token (read+write over the target's prefix), token for another
   * document, expired token, forged signature, {@code alg: none}. A batch answers 200 with one
   * result per write, so its cell is the status of its one write when the batch itself is accepted.
   */
  static Stream<Arguments> matrix() {
    int[][] expected = {
      /* PUT    */ {401, 401, 403, 200, 403, 200, 403, 401, 401, 401},
      /* PATCH  */ {401, 401, 403, 200, 403, 200, 403, 401, 401, 401},
      /* GET    */ {401, 401, 200, 403, 403, 200, 403, 401, 401, 401},
      /* DELETE */ {401, 401, 403, 204, 403, 204, 403, 401, 401, 401},
      /* LIST   */ {401, 401, 200, 403, 403, 200, 403, 401, 401, 401},
      /* TOKENS */ {401, 401, 403, 403, 403, 403, 403, 401, 401, 401},
      /* BATCH  */ {401, 401, 403, 200, 403, 200, 403, 401, 401, 401},
    };
    List<Arguments> cells = new ArrayList<>();
    for (Call call : Call.values()) {
      for (Credential credential : Credential.values()) {
        cells.add(Arguments.of(call, credential, expected[call.ordinal()][credential.ordinal()]));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} with {1} -> {2}")
  @MethodSource("matrix")
  void matrixCell(Call call, Credential credential, int status) {
    Target target = Target.fresh();
    HttpResponse<String> response = call.send(target, credential.bearer.apply(target));

    int answered = response.statusCode();
    if (call == Call.BATCH && answered == 200) {
      answered = json(response).getJsonArray("results").getJsonObject(0).getInt("status");
    }
    assertThat(answered).as(response.body()).isEqualTo(status);
    if (response.statusCode() >= 400) {
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(json(response).getInt("status")).isEqualTo(status);
      if (status == 401) {
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
      }
    }
    HttpResponse<String> after = Lux.get(target.id(), TestKeys.ADMIN);
    if (status >= 400 || !call.writes) {
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(json(after).getInt("version")).as("a refusal changes nothing").isEqualTo(1);
    }
  }

  /** The two stream endpoints; each cell reports what the socket answered. */
  enum Endpoint {
    DOCUMENT,
    MULTIPLEX;

    String outcome(Target target, Credential credential) {
      String bearer = credential.bearer.apply(target);
      String path = this == DOCUMENT ? "/stream/" + target.id() : "/stream";
      try (StreamClient client = StreamClient.connect(path, bearer)) {
        if (this == MULTIPLEX) {
          try {
            client.send("{\"op\":\"subscribe\",\"ids\":[\"" + target.id() + "\"]}");
          } catch (RuntimeException closedAlready) {
            // a refused socket may be gone before the subscription is sent
          }
        }
        JsonObject first = client.next();
        String type = first.getString("type");
        if (!type.equals("error")) {
          return type;
        }
        String error = "error " + first.getInt("status");
        if (this == MULTIPLEX && !client.isClosed() && error.equals("error 403")) {
          // still open? prove it: a subscription this credential may make is answered
          client.send("{\"op\":\"subscribe\",\"ids\":[\"" + credential.reachable(target) + "\"]}");
          return error + ", then " + client.next().getString("type");
        }
        return error + ", close " + client.closeCode();
      }
    }
  }

  static Stream<Arguments> streamMatrix() {
    String refused = "error 401, close 1008";
    String forbidden = "error 403, close 1008";
    String[][] expected = {
      /* DOCUMENT  */ {
        refused,
        refused,
        "snapshot",
        forbidden,
        forbidden,
        "snapshot",
        forbidden,
        refused,
        refused,
        refused
      },
      /* MULTIPLEX */ {
        refused,
        refused,
        "snapshot",
        forbidden,
        "error 403, then missing",
        "snapshot",
        "error 403, then missing",
        refused,
        refused,
        refused
      },
    };
    List<Arguments> cells = new ArrayList<>();
    for (Endpoint stream : Endpoint.values()) {
      for (Credential credential : Credential.values()) {
        cells.add(
            Arguments.of(stream, credential, expected[stream.ordinal()][credential.ordinal()]));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} stream with {1} -> {2}")
  @MethodSource("streamMatrix")
  void streamMatrixCell(Endpoint stream, Credential credential, String outcome) {
    Target target = Target.fresh();
    assertThat(stream.outcome(target, credential)).isEqualTo(outcome);
  }

  @Test
  void aSocketIsClosedWith1008WhenItsTokenExpires() {
    Target target = Target.fresh();
    String token = TestTokens.mint(TestKeys.ADMIN, "{\"ids\":[\"" + target.id() + "\"],\"ttl\":2}");
    try (StreamClient client = StreamClient.connectWithToken("/stream/" + target.id(), token)) {
      assertThat(client.next().getString("type")).isEqualTo("snapshot");
      JsonObject error = client.next("error");
      assertThat(error.getInt("status")).isEqualTo(401);
      assertThat(client.closeCode()).isEqualTo(1008);
    }
  }

  @Test
  void tokenWritesAreRecordedUnderTheTokenSubject() {
    Target target = Target.fresh();
    String token = Credential.VALID_TOKEN.bearer.apply(target);
    assertThat(Lux.put(target.id(), "{\"data\":{\"by\":\"token\"}}", token).statusCode())
        .isEqualTo(200);
    assertThat(json(Lux.get(target.id(), token)).getString("writer")).isEqualTo("token:admin");
  }

  @Test
  void mintAnswers201WithTokenAndExpiryAndDefaultsToTenMinutesOfRead() {
    Target target = Target.fresh();
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    HttpResponse<String> minted =
        send(
            request("/tokens", TestKeys.ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"" + target.id() + "\"]}")));
    assertThat(minted.statusCode()).isEqualTo(201);
    assertThat(minted.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(json(minted).keySet()).containsExactlyInAnyOrder("token", "expiresAt");
    String token = TestTokens.record(json(minted).getString("token"));
    Instant expiresAt = Instant.parse(json(minted).getString("expiresAt"));
    assertThat(Duration.between(before, expiresAt).toSeconds()).isBetween(599L, 601L);

    assertThat(Lux.get(target.id(), token).statusCode()).isEqualTo(200);
    assertThat(Lux.put(target.id(), SEED, token).statusCode()).isEqualTo(403);
    assertThat(send(request("/" + target.id() + "?access_token=" + token, null).GET()).statusCode())
        .as("browsers may pass a read token in the query on GET")
        .isEqualTo(200);
  }

  @Test
  void aTokenNeverExceedsItsKey() {
    String body =
        """
        {"prefixes":["portal-"],"scopes":["read","write"],"ttl":60}""";
    assertThat(mintStatus(TestKeys.PORTAL, body)).isEqualTo(201);
    assertThat(mintStatus(TestKeys.PORTAL, "{\"prefixes\":[\"workflow-\"]}")).isEqualTo(403);
    assertThat(mintStatus(TestKeys.PORTAL, "{\"ids\":[\"other-1\"]}")).isEqualTo(403);
    assertThat(mintStatus(TestKeys.PORTAL, "{\"scopes\":[\"admin\"]}")).isEqualTo(403);
    assertThat(mintStatus(TestKeys.PORTAL, "{\"scopes\":[\"token\"]}")).isEqualTo(403);
    assertThat(mintStatus(TestKeys.PORTAL, "{\"writesPerSecond\":3}")).isEqualTo(403);
    assertThat(mintStatus(TestKeys.ADMIN, "{\"ttl\":901}"))
        .as("over lux.token.max-ttl")
        .isEqualTo(400);
    assertThat(mintStatus(TestKeys.ADMIN, "{\"ttl\":0}")).isEqualTo(400);
    assertThat(mintStatus(TestKeys.ADMIN, "{\"ids\":[\"bad id\"]}")).isEqualTo(400);
    assertThat(mintStatus(TestKeys.ADMIN, "{\"colour\":\"red\"}")).isEqualTo(400);
    assertThat(mintStatus(TestKeys.ADMIN, "{\"ids\":[")).isEqualTo(400);
    assertThat(mintStatus(TestKeys.ADMIN, "[[[[[[]]]]]]")).isEqualTo(400);
    HttpResponse<String> wrongType =
        send(
            request("/tokens", TestKeys.ADMIN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(wrongType.statusCode()).isEqualTo(415);
  }

  @Test
  void aTokenCarriesItsKeysWriteLimit() {
    String token = TestTokens.mint(TestKeys.PORTAL, "{\"scopes\":[\"write\",\"read\"]}");
    String id = "portal-rate-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> refused = null;
    for (int i = 0; i < 6 && refused == null; i++) {
      HttpResponse<String> response = Lux.put(id, SEED, token);
      statuses.add(response.statusCode());
      if (response.statusCode() == 429) {
        refused = response;
      }
    }
    assertThat(refused).as("statuses %s", statuses).isNotNull();
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void preflightOfTheListedOriginIsAnsweredWithoutCredentials() {
    HttpResponse<String> preflight =
        send(
            request("/workflow-cors", null)
                .header("Origin", PORTAL_ORIGIN)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,content-type,if-match")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .contains(PORTAL_ORIGIN);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
        .contains("Authorization", "Content-Type", "If-Match", "If-None-Match");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("PUT", "PATCH", "DELETE");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  void otherOriginsGetNoCorsHeaders() {
    HttpResponse<String> preflight =
        send(
            request("/workflow-cors", null)
                .header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "PUT")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    Target target = Target.fresh();
    HttpResponse<String> get =
        send(
            request("/" + target.id(), TestKeys.READER)
                .header("Origin", "https://evil.example.net")
                .GET());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
  }

  @Test
  void listedOriginCanReadEtagRetryAfterAndRefusalsOfApiAndStaticPaths() {
    Target target = Target.fresh();
    HttpResponse<String> get =
        send(request("/" + target.id(), TestKeys.READER).header("Origin", PORTAL_ORIGIN).GET());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL_ORIGIN);
    assertThat(get.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains("ETag", "Retry-After");

    HttpResponse<String> refused =
        send(request("/" + target.id(), null).header("Origin", PORTAL_ORIGIN).GET());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).contains(PORTAL_ORIGIN);

    HttpResponse<String> staticPath =
        send(
            HttpRequest.newBuilder(Lux.base().resolve("/no-such-file.js"))
                .header("Origin", PORTAL_ORIGIN)
                .GET());
    assertThat(staticPath.statusCode()).isEqualTo(404);
    assertThat(staticPath.headers().firstValue("Access-Control-Allow-Origin"))
        .contains(PORTAL_ORIGIN);
  }

  /** A bounded run of the property tests' hostile bodies against the real server. */
  @Test
  void hostileBodiesNeverGet500AndARefusalChangesNothing() {
    Target target = Target.fresh();
    int version = 1;
    int tries = 0;
    for (byte[] body : HostileBodies.any().sampleStream().limit(150).toList()) {
      boolean patch = tries++ % 2 == 1;
      HttpResponse<String> response =
          send(
              request("/" + target.id(), TestKeys.ADMIN)
                  .header(
                      "Content-Type", patch ? "application/merge-patch+json" : "application/json")
                  .method(patch ? "PATCH" : "PUT", HttpRequest.BodyPublishers.ofByteArray(body)));
      assertThat(response.statusCode()).as(response.body()).isIn(200, 400, 413);
      if (response.statusCode() == 200) {
        version++;
      } else {
        assertThat(json(response).getInt("status")).isEqualTo(response.statusCode());
      }
      assertThat(json(Lux.get(target.id(), TestKeys.ADMIN)).getInt("version")).isEqualTo(version);
    }
  }

  @Test
  void hostileIdsAndTokenRequestsNeverGet500() {
    for (String id : HostileBodies.ids().sampleStream().limit(150).toList()) {
      String path = "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
      HttpResponse<String> got = send(request(path, TestKeys.ADMIN).GET());
      assertThat(got.statusCode()).as("GET %s: %s", path, got.body()).isIn(400, 404, 405);
      HttpResponse<String> put =
          send(
              request(path, TestKeys.READER)
                  .header("Content-Type", "application/json")
                  .PUT(HttpRequest.BodyPublishers.ofString(SEED)));
      assertThat(put.statusCode()).as("PUT %s: %s", path, put.body()).isIn(400, 403, 404, 405);
    }
    for (byte[] body : HostileBodies.any().sampleStream().limit(100).toList()) {
      HttpResponse<String> minted =
          send(
              request("/tokens", TestKeys.PORTAL)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
      assertThat(minted.statusCode()).as(minted.body()).isIn(201, 400, 403, 413);
      if (minted.statusCode() == 201) {
        TestTokens.record(json(minted).getString("token"));
      }
    }
  }

  private static int mintStatus(String key, String body) {
    HttpResponse<String> response =
        send(
            request("/tokens", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (response.statusCode() == 201) {
      TestTokens.record(json(response).getString("token"));
    }
    return response.statusCode();
  }
}
