package com.voxell.lux.cluster.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.problems.entity.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FollowedKeysTest {

  /** Records the views published, in order; the cluster routes by the last one. */
  private static final class Grid implements FollowedKeys.Publisher {
    final List<FollowedKeys.View> published = new ArrayList<>();
    volatile boolean down;
    volatile CountDownLatch slow;

    @Override
    public synchronized void publish(FollowedKeys.View view) {
      if (down) {
        throw new IllegalStateException("no cluster");
      }
      awaitSlow();
      published.add(view);
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
      return published.get(published.size() - 1);
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
  void aFollowPublishesTheWiderViewBeforeItReturns() {
    followed.follow(List.of("a"), List.of());
    assertThat(grid.last()).isEqualTo(new FollowedKeys.View(Set.of("a"), Set.of(), false));
    followed.follow(List.of("b"), List.of("jobs/"));

    assertThat(grid.last())
        .isEqualTo(new FollowedKeys.View(Set.of("a", "b"), Set.of("jobs/"), false));
    assertThat(grid.published).hasSize(2);
  }

  @Test
  void followingWhatIsFollowedAlreadyPublishesNothing() {
    followed.follow(List.of("a"), List.of("jobs/"));
    followed.follow(List.of("a"), List.of("jobs/"));
    assertThat(grid.published).hasSize(1);
  }

  @Test
  void anUnfollowNarrowsLaterAndOnlyOnceTheLastFollowerLeft() {
    followed.follow(List.of("a", "b"), List.of());
    followed.follow(List.of("a"), List.of());
    followed.unfollow(List.of("a"), List.of());
    assertThat(later).as("still followed once").isEmpty();

    followed.unfollow(List.of("a"), List.of());
    assertThat(grid.published).as("not on the caller's thread").hasSize(1);
    runLater();
    assertThat(grid.last()).isEqualTo(new FollowedKeys.View(Set.of("b"), Set.of(), false));

    followed.unfollow(List.of("b"), List.of());
    runLater();
    assertThat(grid.last()).as("nothing followed").isEqualTo(FollowedKeys.View.NOTHING);
  }

  @Test
  void publishingAgainSendsTheSameViewOnceMore() {
    followed.follow(List.of("a"), List.of("jobs/"));
    followed.publishAgain();
    assertThat(grid.published)
        .containsExactly(
            new FollowedKeys.View(Set.of("a"), Set.of("jobs/"), false),
            new FollowedKeys.View(Set.of("a"), Set.of("jobs/"), false));
  }

  @Test
  void aViewCoversItsIdsAndWhatStartsWithItsPrefixes() {
    FollowedKeys.View view = new FollowedKeys.View(Set.of("a"), Set.of("jobs/"), false);
    assertThat(view.covers("a")).isTrue();
    assertThat(view.covers("jobs/7")).isTrue();
    assertThat(view.covers("ab")).isFalse();
    assertThat(view.covers("job")).isFalse();
    assertThat(new FollowedKeys.View(Set.of(), Set.of(), true).covers("any")).isTrue();
    assertThat(FollowedKeys.View.NOTHING.covers("any")).isFalse();
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
    Thread.sleep(200);
    grid.slow.countDown();
    first.join(10_000);
    for (Thread follower : waiting) {
      follower.join(10_000);
    }
    assertThat(grid.published).as("one for the first, one for the three").hasSize(2);
    assertThat(grid.last().ids()).containsExactlyInAnyOrder("a", "b", "c", "d");
  }
}
