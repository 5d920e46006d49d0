package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.DocumentJson;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A subscriber that records what it is sent. In stalled mode it does not complete sends until
 * {@link #resume()}, like a socket whose reader stopped reading.
 */
final class RecordingSubscriber implements Subscriber {

  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  final List<Integer> sendSizes = new CopyOnWriteArrayList<>();
  final List<Long> timedSends = new CopyOnWriteArrayList<>();
  final ConcurrentLinkedQueue<Runnable> unfinished = new ConcurrentLinkedQueue<>();
  volatile int closeCode;
  volatile boolean stalled;
  volatile int maxBatch = 1;
  private int inFlight;
  private int maxInFlight;

  @Override
  public void updateSent(long writtenAtMillis) {
    timedSends.add(writtenAtMillis);
  }

  @Override
  public void send(List<String> messages, Consumer<Throwable> done) {
    synchronized (this) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    }
    if (messages.size() > maxBatch()) {
      throw new AssertionError("a send of " + messages.size() + " messages, over " + maxBatch());
    }
    sendSizes.add(messages.size());
    for (String text : messages) {
      received.add(DocumentJson.PROVIDER.createReader(new java.io.StringReader(text)).readObject());
    }
    Runnable finish =
        () -> {
          synchronized (this) {
            inFlight--;
          }
          done.accept(null);
        };
    if (stalled) {
      unfinished.add(finish);
    } else {
      finish.run();
    }
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  synchronized int maxInFlight() {
    return maxInFlight;
  }

  void resume() {
    stalled = false;
    Runnable finish;
    while ((finish = unfinished.poll()) != null) {
      finish.run();
    }
  }

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  List<String> types() {
    return received.stream().map(m -> m.getString("type")).toList();
  }

  JsonObject last() {
    return received.get(received.size() - 1);
  }
}
