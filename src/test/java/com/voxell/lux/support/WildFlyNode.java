package com.voxell.lux.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One WildFly 38 started by a test as a member of a loopback-only cluster, set up the way README
 * ("Run clustered on WildFly") says: {@code standalone-microprofile-ha.xml}, a port offset, JGroups
 * on its {@code tcp} stack with {@code TCPPING} over a static member list (never multicast) and a
 * cluster name unique to the run, then {@code server-config/wildfly-cluster.cli}, a reload and
 * {@code server-config/wildfly.cli}. Its configuration and deployment live in its own copy of
 * {@code standalone/}, so a restart comes back clustered with Lux deployed.
 */
public final class WildFlyNode implements ClusterNode {

  /** Every port the profile binds, as offsets from the port offset; 57600 is JGroups' FD_SOCK2. */
  private static final int[] PORTS = {8080, 8443, 8009, 9990, 9993, 4712, 4713, 7600, 57600};

  private final String name;
  private final int offset;
  private final Path base;
  private final Path log;
  private final Path properties;
  private Process process;
  private long bootsBefore;
  private long deploysBefore;

  public WildFlyNode(String name, Path dir, String... config) {
    this.name = name;
    // below 7935, so that 57600 + offset is still a port
    this.offset = ServerProcess.freeBase(1000, 7900, PORTS);
    this.base = dir.resolve(name + "-base");
    this.log = dir.resolve(name + ".log");
    this.properties = dir.resolve(name + ".properties");
    try {
      ServerProcess.deleteTree(base);
      Files.deleteIfExists(
          log); // a run reads only its own output: every boot of it, no earlier run
      ServerProcess.copyTree(home().resolve("standalone"), base);
      Files.writeString(properties, TestKeys.config() + String.join("\n", config) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path home() {
    String version = System.getProperty("wildfly.version");
    return ServerProcess.file("lux.servers", "target/servers")
        .toPath()
        .resolve("wildfly-" + version + "/wildfly-" + version);
  }

  /** JGroups' TCP port on 127.0.0.1, for the other members' lists. */
  public int jgroupsPort() {
    return 7600 + offset;
  }

  /**
   * The command that starts WildFly as README says: {@code profile}, HTTP and management on
   * loopback, ports moved by {@code offset}, {@code base} as its own copy of {@code standalone/},
   * then {@code more} arguments.
   */
  public static List<String> standalone(
      Path home, String profile, int offset, Path base, String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                home.resolve("bin/standalone.sh").toString(),
                "-c",
                profile,
                "-b",
                "127.0.0.1",
                "-bmanagement",
                "127.0.0.1",
                "-Djboss.socket.binding.port-offset=" + offset,
                "-Djboss.server.base.dir=" + base.toAbsolutePath()));
    command.addAll(List.of(more));
    return command;
  }

  @Override
  public WildFlyNode start() {
    bootsBefore = count("WFLYSRV0025");
    deploysBefore = count("WFLYSRV0010: Deployed \"lux.war\"");
    List<String> command =
        standalone(
            home(),
            "standalone-microprofile-ha.xml",
            offset,
            base,
            "-bprivate",
            "127.0.0.1",
            "-Djboss.node.name=" + name,
            "-P=" + properties.toUri());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
    builder
        .environment()
        .put(
            "JAVA_OPTS",
            System.getProperty("lux.test.jvm", "") + " -Djava.net.preferIPv4Stack=true");
    try {
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The README's steps on a freshly started server, up to the deployment: the TCP stack with the
   * members' list and the cluster name, Lux's cluster script (then {@code thenCli}, if any) and a
   * reload.
   */
  public void cluster(
      String clusterName, List<WildFlyNode> members, Duration timeout, String... thenCli) {
    awaitLog("WFLYSRV0025", bootsBefore, timeout);
    cli("--file=" + tcpStack(clusterName, members));
    cli("--file=" + Path.of(System.getProperty("lux.serverConfig"), "wildfly-cluster.cli"));
    for (String argument : thenCli) {
      cli(argument);
    }
    long boots = count("WFLYSRV0025");
    cli("--command=reload");
    awaitLog("WFLYSRV0025", boots, timeout);
  }

  /** README's last step: deploys Lux ({@code server-config/wildfly.cli}). */
  public void deploy() {
    cli("--file=" + Path.of(System.getProperty("lux.serverConfig"), "wildfly.cli"));
  }

  /** README's JGroups commands: TCPPING over the members' outbound socket bindings, no MPING. */
  private Path tcpStack(String clusterName, List<WildFlyNode> members) {
    List<String> lines = new ArrayList<>(List.of("batch"));
    List<String> bindings = new ArrayList<>();
    for (WildFlyNode member : members) {
      String binding = "lux-member-" + member.name();
      bindings.add(binding);
      lines.add(
          "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding="
              + binding
              + ":add(host=127.0.0.1, port="
              + member.jgroupsPort()
              + ")");
    }
    lines.addAll(
        List.of(
            "/socket-binding-group=standard-sockets/socket-binding=jgroups-tcp-fd:add(interface=private, port=57600)",
            "/subsystem=jgroups/stack=tcp/protocol=MPING:remove()",
            "/subsystem=jgroups/stack=tcp/protocol=TCPPING:add(add-index=1, socket-bindings=["
                + String.join(", ", bindings)
                + "])",
            "/subsystem=jgroups/stack=tcp/protocol=FD_SOCK2:add(add-index=3, socket-binding=jgroups-tcp-fd)",
            "/subsystem=jgroups/channel=ee:write-attribute(name=stack, value=tcp)",
            "/subsystem=jgroups/channel=ee:write-attribute(name=cluster, value="
                + clusterName
                + ")",
            "run-batch",
            ""));
    Path file = log.resolveSibling(name + "-tcp-stack.cli");
    try {
      Files.writeString(file, String.join("\n", lines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Runs the management CLI against this server: {@code --command=…} or {@code --file=…}. */
  public void cli(String argument) {
    ServerProcess.run(
        "wildfly-cli-" + name,
        List.of(
            home().resolve("bin/jboss-cli.sh").toString(),
            "--controller=remote+http://127.0.0.1:" + (9990 + offset),
            "--connect",
            "--timeout=30000", // connecting, under load: 5 s by default
            argument),
        Map.of("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"),
        Duration.ofMinutes(3));
  }

  /** {@code /health/ready}, on the management port. */
  @Override
  public URI readiness() {
    return URI.create("http://127.0.0.1:" + (9990 + offset) + "/health/ready");
  }

  /** Waits until this boot has deployed Lux and its readiness (on the management port) is UP. */
  @Override
  public void awaitReady(Duration timeout) {
    awaitLog("WFLYSRV0010: Deployed \"lux.war\"", deploysBefore, timeout);
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .failFast(name + " stopped; see " + log, () -> !process.isAlive())
        .until(() -> readinessStatus() == 200);
  }

  /** The status {@code /health/ready} answers (503 while DOWN), or -1 for no answer in 5 s. */
  public int readinessStatus() {
    try {
      return Lux.HTTP
          .send(
              HttpRequest.newBuilder(readiness()).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void awaitLog(String text, long before, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .failFast(name + " stopped; see " + log, () -> !process.isAlive())
        .until(() -> count(text) > before);
  }

  private long count(String text) {
    if (!Files.exists(log)) {
      return 0;
    }
    return logText().lines().filter(line -> line.contains(text)).count();
  }

  /** Kills the server's JVM (and its launch script) at once, as a crash would. */
  @Override
  public void kill() throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor();
  }

  /** Freezes the server's JVM (SIGSTOP), as a long GC pause or a stopped VM does. */
  public void pause() {
    signal("STOP");
  }

  /** Wakes a frozen JVM (SIGCONT). */
  public void resume() {
    signal("CONT");
  }

  /** To the JVM, which {@code standalone.sh} started as its child. */
  private void signal(String signal) {
    if (process != null) {
      ServerProcess.signal(signal, process.descendants().toList());
    }
  }

  /** SIGTERM to the JVM and its launch script, as an orchestrator stops a server. */
  @Override
  public void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    children.forEach(child -> ServerProcess.awaitExit(child, Duration.ofSeconds(60)));
    ServerProcess.awaitExit(process.toHandle(), Duration.ofSeconds(30));
  }

  @Override
  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.ISO_8859_1).replaceAll("\u001b\\[[0-9;]*m", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public URI base() {
    return URI.create("http://127.0.0.1:" + httpPort());
  }

  public int httpPort() {
    return 8080 + offset;
  }

  @Override
  public URI api(String path) {
    return base().resolve("/api/lux" + path);
  }

  @Override
  public StreamClient stream(String path, String key) {
    return StreamClient.connect(httpPort(), path, key, null, false);
  }

  @Override
  public String name() {
    return name;
  }
}
