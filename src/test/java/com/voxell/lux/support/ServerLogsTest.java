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
}
