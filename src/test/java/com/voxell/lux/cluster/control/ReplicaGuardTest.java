package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.problems.entity.Problem;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaGuardTest {

  private final AtomicReference<Set<String>> members = new AtomicReference<>(Set.of("a", "b"));
  private final AtomicBoolean replicasSafe = new AtomicBoolean();
  private final AtomicInteger asked = new AtomicInteger();
  private final ReplicaGuard guard =
      new ReplicaGuard(
          members::get,
          () -> {
            asked.incrementAndGet();
            return replicasSafe.get();
          },
          Executors.defaultThreadFactory(),
          Duration.ofMillis(5),
          Duration.ofMillis(50));

  @AfterEach
  void close() {
    guard.close();
  }

  @Test
  void refusesWritesUntilTheGridHasProvedItsBackupsInPlace() {
    AtomicInteger ran = new AtomicInteger();
    await().until(() -> asked.get() >= 3);

    assertThatThrownBy(() -> guard.write(ran::incrementAndGet))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(503))
        .hasMessageContaining("backups");
    assertThat(ran).hasValue(0);

    replicasSafe.set(true);
    await().until(guard::safe);
    assertThat(guard.write(ran::incrementAndGet)).isEqualTo(1);
  }

  @Test
  void aChangeHoldsWritesUntilProvedAgain() {
    replicasSafe.set(true);
    await().until(guard::safe);
    replicasSafe.set(false);

    guard.changed();

    assertThat(guard.safe()).isFalse();
    assertThatThrownBy(() -> guard.write(() -> "written")).isInstanceOf(Problem.class);
    replicasSafe.set(true);
    await().until(guard::safe);
    assertThat(guard.write(() -> "written")).isEqualTo("written");
  }

  @Test
  void aWriteWaitsBrieflyForAProofThatIsOnItsWay() {
    replicasSafe.set(true);
    await().until(guard::safe);

    guard.changed();

    // the checker proves it again within a few rechecks, inside the write's patience
    assertThat(guard.write(() -> "written")).isEqualTo("written");
  }

  @Test
  void membersTheGuardHasNotHeardOfYetHoldWrites() {
    replicasSafe.set(true);
    await().until(guard::safe);
    replicasSafe.set(false);

    members.set(Set.of("a")); // the grid dropped a member; its event has not arrived

    assertThat(guard.safe()).isFalse();
    assertThatThrownBy(() -> guard.write(() -> "written")).isInstanceOf(Problem.class);
  }

  @Test
  void aWriteDuringWhichTheMembersChangedIsRefusedThoughItRan() {
    replicasSafe.set(true);
    await().until(guard::safe);
    AtomicBoolean ran = new AtomicBoolean();

    assertThatThrownBy(
            () ->
                guard.write(
                    () -> {
                      ran.set(true);
                      members.set(Set.of("a"));
                      return "written";
                    }))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(503))
        .hasMessageContaining("may or may not have been applied");
    assertThat(ran).isTrue();
  }

  @Test
  void oneSafeAnswerIsNotAProof() {
    AtomicInteger answers = new AtomicInteger();
    ReplicaGuard flickering =
        new ReplicaGuard(
            members::get,
            () -> answers.incrementAndGet() % 2 == 0, // safe, unsafe, safe, ...: never twice
            Executors.defaultThreadFactory(),
            Duration.ofMillis(1),
            Duration.ofMillis(1));
    try {
      await().until(() -> answers.get() >= 20);
      assertThat(flickering.safe()).isFalse();
    } finally {
      flickering.close();
    }
  }
}
