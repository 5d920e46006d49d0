package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.voxell.lux.problems.entity.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FollowedKeysTest {

  /** Records what the grid was asked, in order; the registration in place is the last one. */
  private static final class Grid implements FollowedKeys.Registrar {
    final List<String> calls = new ArrayList<>();
    final List<FollowedKeys.View> registered = new ArrayList<>();
    volatile boolean down;
    volatile CountDownLatch slow;

    @Override
    public synchronized Object register(FollowedKeys.View view) {
      if (down) {
        throw new IllegalStateException("no cluster");
      }
      awaitSlow();
      registered.add(view);
      calls.add("register " + registered.size());
      return registered.size();
    }

    @Override
    public synchronized void unregister(Object registration) {
      calls.add("unregister " + registration);
    }

    private void awaitSlow() {
      CountDownLatch latch = slow;
      if (latch != null) {
        try {
          latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    synchronized FollowedKeys.View last() {
      return registered.get(registered.size() - 1);
    }
  }

  private final Grid grid = new Grid();
  private final List<Runnable> later = new ArrayList<>();
  private final FollowedKeys followed = new FollowedKeys(grid, later::add);

  private void runLater() {
    List<Runnable> due = new ArrayList<>(later);
    later.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void aFollowRegistersBeforeItReturnsAndANewOneReplacesTheOldAfterwards() {
    followed.follow(List.of("a"), List.of());
    assertThat(grid.last()).isEqualTo(new FollowedKeys.View(Set.of("a"), Set.of(), false));
    followed.follow(List.of("b"), List.of("jobs/"));

    assertThat(grid.last())
        .isEqualTo(new FollowedKeys.View(Set.of("a", "b"), Set.of("jobs/"), false));
    // registered first, removed after: no change falls between the two
    assertThat(grid.calls).containsExactly("register 1", "register 2", "unregister 1");
  }

  @Test
  void followingWhatIsFollowedAlreadyRegistersNothing() {
    followed.follow(List.of("a"), List.of("jobs/"));
    followed.follow(List.of("a"), List.of("jobs/"));
    assertThat(grid.calls).containsExactly("register 1");
  }

  @Test
  void anUnfollowNarrowsLaterAndOnlyOnceTheLastFollowerLeft() {
    followed.follow(List.of("a", "b"), List.of());
    followed.follow(List.of("a"), List.of());
    followed.unfollow(List.of("a"), List.of());
    assertThat(later).as("still followed once").isEmpty();

    followed.unfollow(List.of("a"), List.of());
    assertThat(grid.calls).as("not on the caller's thread").containsExactly("register 1");
    runLater();
    assertThat(grid.last()).isEqualTo(new FollowedKeys.View(Set.of("b"), Set.of(), false));

    followed.unfollow(List.of("b"), List.of());
    runLater();
    assertThat(grid.calls)
        .as("nothing followed: no listener at all")
        .containsExactly("register 1", "register 2", "unregister 1", "unregister 2");
  }

  @Test
  void theWholeStoreOrTooManyIdsMeanEveryChange() {
    followed.follow(List.of(), List.of(""));
    assertThat(grid.last().everything()).isTrue();

    FollowedKeys many = new FollowedKeys(grid, later::add);
    many.follow(
        IntStream.rangeClosed(0, FollowedKeys.MAX_IDS).mapToObj(i -> "job-" + i).toList(),
        List.of());
    assertThat(grid.last()).isEqualTo(new FollowedKeys.View(Set.of(), Set.of(), true));
  }

  @Test
  void aFollowTheGridRefusesIsUndoneAndAnswered503() {
    grid.down = true;
    assertThatThrownBy(() -> followed.follow(List.of("a"), List.of()))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(503));
    grid.down = false;
    runLater();
    assertThat(followed.view().ids()).isEmpty();
    followed.follow(List.of("b"), List.of());
    assertThat(grid.last().ids()).containsExactly("b");
  }

  @Test
  void followsWaitingOnOneRegistrationAreServedByTheNext() throws Exception {
    grid.slow = new CountDownLatch(1);
    Thread first = new Thread(() -> followed.follow(List.of("a"), List.of()));
    first.start();
    while (!first.isAlive() || first.getState() == Thread.State.RUNNABLE) {
      Thread.onSpinWait();
    }
    List<Thread> waiting = new ArrayList<>();
    for (String id : List.of("b", "c", "d")) {
      Thread follower = new Thread(() -> followed.follow(List.of(id), List.of()));
      follower.start();
      waiting.add(follower);
    }
    // all three wait behind the first's publication
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                waiting.stream()
                    .allMatch(
                        t ->
                            t.getState() == Thread.State.BLOCKED
                                || t.getState() == Thread.State.WAITING));
    grid.slow.countDown();
    first.join(10_000);
    for (Thread follower : waiting) {
      follower.join(10_000);
    }
    assertThat(grid.registered.size()).as("one for the first, one for the three").isEqualTo(2);
    assertThat(grid.last().ids()).containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void closingRemovesTheListenerAndLaterFollowsRegisterNothing() {
    followed.follow(List.of("a"), List.of());
    followed.close();
    followed.follow(List.of("b"), List.of());
    assertThat(grid.calls).containsExactly("register 1", "unregister 1");
  }
}
