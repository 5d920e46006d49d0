package com.voxell.lux.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log audit finds what it looks for, and says where without repeating it. */
class ServerLogsTest {

  @TempDir Path reports;

  @Test
  void findsASecretAndReportsOnlyWhere() throws IOException {
    Files.writeString(
        reports.resolve("a.SomeIT-output.txt"),
        "Payara Micro URLs: http://x\nline\nBearer s3cret-value leaked\n");
    ServerLogs logs = ServerLogs.in(reports);
    assertThat(logs.boots()).isEqualTo(1);
    List<String> leaks = logs.leaks(List.of("other", "s3cret-value"));
    assertThat(leaks).containsExactly("a.SomeIT-output.txt:3: secret #1");
    assertThat(String.join("", leaks)).doesNotContain("s3cret-value");
  }

  @Test
  void cleanLogsHaveNoLeaksAndMissingLogsNoBoots() throws IOException {
    Files.writeString(reports.resolve("b.OtherIT-output.txt"), "Payara Micro URLs:\nfine\n");
    Files.writeString(reports.resolve("b.OtherIT.txt"), "s3cret-value in a report, not a log\n");
    assertThat(ServerLogs.in(reports).leaks(List.of("s3cret-value"))).isEmpty();
    assertThat(ServerLogs.in(reports.resolve("absent")).boots()).isZero();
  }

  @Test
  void findsLuxWarningsAndErrorsButNotOthersOrInfo() throws IOException {
    String esc = "\u001b";
    Files.writeString(
        reports.resolve("c.ThirdIT-output.txt"),
        String.join(
            "\n",
            "Payara Micro URLs:",
            "[2026-11-26T03:50:05.440+0000] [] ["
                + esc
                + "[1;91mSEVERE"
                + esc
                + "[0m] []"
                + " ["
                + esc
                + "[1;94mcom.voxell.lux.stream.control.Lane"
                + esc
                + "[0m]"
                + " [tid: _ThreadID=72] stream lane task failed",
            "[2026-11-26T03:50:06.000+0000] [] [WARNING] [] [com.voxell.lux.stream.boundary"
                + ".StreamSetup] [tid: _ThreadID=9] stream chores failed",
            "[2026-11-26T03:50:07.000+0000] [] [SEVERE] [AS-WEB-CORE-00037]"
                + " [jakarta.enterprise.web.core] [tid: _ThreadID=7] at com.voxell.lux.X",
            "[2026-11-26T03:50:08.000+0000] [] [INFO] [] [com.voxell.lux.operations.boundary"
                + ".LuxMetrics] [tid: _ThreadID=8] lux refused count=1",
            ""));
    assertThat(ServerLogs.in(reports).luxWarnings())
        .hasSize(2)
        .satisfiesExactly(
            first -> assertThat(first).startsWith("c.ThirdIT-output.txt:2: ").contains("Lane"),
            second -> assertThat(second).startsWith("c.ThirdIT-output.txt:3: "));
  }

  @Test
  void readsWildFlyBootsAndLuxWarningsInItsFormatToo() throws IOException {
    Files.writeString(
        reports.resolve("d.WildFlyIT-output.txt"),
        String.join(
            "\n",
            "13:06:41,022 INFO  [org.jboss.as] (Controller Boot Thread) WFLYSRV0025: WildFly 38.0.1"
                + ".Final (WildFly Core 30.0.0.Final) started in 8590ms",
            "13:08:29,098 WARN  [org.jboss.as.dependency.private] (MSC service thread 1-4)"
                + " WFLYSRV0018: Deployment \"deployment.lux.war\" is using a private module",
            "13:08:30,000 ERROR [com.voxell.lux.stream.control.Lane] (lane-1) stream lane task failed",
            "13:08:31,000 INFO  [com.voxell.lux.cluster.boundary.ClusterSetup] (pool-1) Lux cluster",
            ""));
    ServerLogs logs = ServerLogs.in(reports);
    assertThat(logs.boots()).isEqualTo(1);
    assertThat(logs.luxWarnings())
        .singleElement()
        .satisfies(line -> assertThat(line).startsWith("d.WildFlyIT-output.txt:3: "));
  }
}
