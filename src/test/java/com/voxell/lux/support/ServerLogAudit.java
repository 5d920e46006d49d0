package com.voxell.lux.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs after every integration test (Maven's post-integration-test phase, see pom.xml): the output
 * of every IT server holds no configured secret and no token a test held, neither whole nor its
 * signature, and Lux's own code logged no warning or error. Named without "Test" so the normal
 * unit-test run leaves it out.
 */
class ServerLogAudit {

  private final Path target = Path.of(System.getProperty("lux.target", "target"));

  /** The IT servers' output; fails when there is none, so neither audit can pass on nothing. */
  private ServerLogs logs() {
    ServerLogs logs = ServerLogs.in(target.resolve("failsafe-reports"));
    assertThat(logs.boots())
        .as("server output captured in target/failsafe-reports/*-output.txt")
        .isPositive();
    return logs;
  }

  @Test
  void noSecretOrTokenReachedAnyServerLog() throws IOException {
    ServerLogs logs = logs();
    List<String> secrets = new ArrayList<>(Arrays.asList(TestKeys.all()));
    Path tokens = target.resolve(TestTokens.RECORD_FILE);
    if (Files.exists(tokens)) {
      for (String token : Files.readAllLines(tokens)) {
        if (!token.isBlank()) {
          secrets.add(token);
          String[] parts = token.split("\\.");
          if (parts.length == 3 && !parts[2].isEmpty()) {
            secrets.add(parts[2]);
          }
        }
      }
    }
    assertThat(logs.leaks(secrets)).as("secrets or tokens in server logs").isEmpty();
  }

  @Test
  void luxLoggedNoWarningOrError() {
    assertThat(logs().luxWarnings()).as("warnings and errors logged by Lux's code").isEmpty();
  }
}
