package com.voxell.lux.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link Job} against a real Lux: an agent that works without writing stays live with its
 * version; one whose JVM is killed turns stale; a finished one is neither stale nor renewed.
 */
class ClientJobIT {

  private final RunningLux lux = RunningLux.get();
  private final LuxClient client = lux.client(RunningLux.AGENTS).build();

  @AfterEach
  void close() {
    client.close();
  }

  private static String fresh() {
    return "agent-run-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aJobThatWorksWithoutWritingStaysLiveWithItsVersionAndEndsWithoutALease() {
    String id = fresh();
    Recording recording = new Recording();
    client.watch(id, recording);
    try (Job job = client.job(id).lease(Duration.ofSeconds(3)).open()) {
      job.step("waiting on the bank", 40);
      // more than two leases long, no write: only the renewals keep it live
      await()
          .during(Duration.ofSeconds(7))
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !client.get(id).stale() && client.get(id).version() == 2);
      assertThat(recording.types(id)).doesNotContain(LuxEvent.Type.STALE);
      assertThat(recording.versions(id)).isSorted().endsWith(2L);

      Receipt done = job.complete();
      assertThat(done.version()).isEqualTo(3);
    }
    DocumentState finished = recording.await(id, state -> state.version() == 3);
    assertThat(finished.text("status")).isEqualTo("complete");
    assertThat(finished.lease()).as("a finished job has no lease to lapse").isZero();
    assertThat(finished.stale()).isFalse();
  }

  @Test
  void aJobWhoseJvmIsKilledTurnsStale() throws Exception {
    String id = fresh();
    Process agent =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    JobAgent.class.getName(),
                    lux.endpoint(),
                    RunningLux.AGENTS,
                    id,
                    "3"))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("OPEN 1");
      Recording recording = new Recording();
      client.watch(id, recording);
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(8))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> !client.get(id).stale());

      agent.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye
      assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();

      DocumentState stale = recording.await(id, DocumentState::stale);
      assertThat(stale.version()).isEqualTo(1);
      assertThat(recording.types(id))
          .containsSubsequence(LuxEvent.Type.SNAPSHOT, LuxEvent.Type.STALE);
    } finally {
      agent.destroyForcibly();
    }
  }
}
