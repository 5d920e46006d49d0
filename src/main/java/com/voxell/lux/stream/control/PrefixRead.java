package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.entity.Document;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The store's documents under a prefix that no subscriber on this node followed yet, read once for
 * every lane while every lane waits: the lanes hold only what their subscribers follow, so the
 * prefix's present documents come from the store. No lane passes on a change between the read and
 * taking up its documents, so a change heard after the read is newer than it or already in it (see
 * {@link Lane#followPrefix}).
 */
final class PrefixRead {

  private static final System.Logger LOG = System.getLogger(PrefixRead.class.getName());

  /** Documents read per page. */
  static final int PAGE = 1_000;

  /** How long a lane waits for the read, and the read for every lane to wait. */
  static final long PATIENCE_SECONDS = 30;

  private final String prefix;
  private final CountDownLatch waiting;
  private final CompletableFuture<Map<Lane, List<Document>>> read = new CompletableFuture<>();

  PrefixRead(String prefix, int lanes) {
    this.prefix = prefix;
    this.waiting = new CountDownLatch(lanes);
  }

  /**
   * Runs on {@code lane}: waits until the store is read and returns the lane's documents under the
   * prefix, or {@code null} if the read failed.
   */
  List<Document> awaitFor(Lane lane) {
    waiting.countDown();
    try {
      return read.get(PATIENCE_SECONDS, TimeUnit.SECONDS).getOrDefault(lane, List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    }
  }

  /**
   * Waits until every lane waits, reads the prefix's documents and hands each lane its own; whether
   * the lanes got them (else they go on without, and the subscriber must be told).
   */
  boolean run(Backplane backplane, Function<String, Lane> laneOf) {
    try {
      if (!waiting.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        throw new TimeoutException("the stream's lanes did not pause within " + PATIENCE_SECONDS);
      }
      Map<Lane, List<Document>> byLane = new HashMap<>();
      String after = null;
      while (true) {
        List<Document> page = backplane.page(prefix, after, PAGE);
        for (Document document : page) {
          byLane
              .computeIfAbsent(laneOf.apply(document.id()), lane -> new ArrayList<>())
              .add(document);
        }
        if (page.size() < PAGE) {
          break;
        }
        after = page.get(page.size() - 1).id();
      }
      return read.complete(byLane);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      read.completeExceptionally(e);
    } catch (RuntimeException | TimeoutException e) {
      LOG.log(System.Logger.Level.INFO, "lux could not read the documents of a prefix: " + e);
      read.completeExceptionally(e);
    }
    return false;
  }
}
