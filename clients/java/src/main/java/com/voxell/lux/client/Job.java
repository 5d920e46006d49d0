package com.voxell.lux.client;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent's run, published as one document with a lease: while the job is open the client renews
 * the lease in the background ({@code POST /api/lux/{id}/lease}, no new version, no update), so a
 * job waiting on a slow call stays live, and a JVM that dies stops renewing and the job turns
 * {@code stale}. {@link #complete()} and {@link #fail(String)} write the end and remove the lease;
 * {@link #close()} only stops renewing (an unfinished job then goes stale, which is the truth).
 *
 * <pre>{@code
 * try (Job job = client.job("agent-run-42").lease(Duration.ofSeconds(30)).open()) {
 *   job.step("fetching", 10);
 *   …
 *   job.complete();
 * }
 * }</pre>
 */
public final class Job implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Job.class.getName());

  private final LuxClient client;
  private final String id;
  private final Duration lease;
  private final ScheduledFuture<?> renewal;
  private volatile long lastWriteNanos = System.nanoTime();
  private volatile Receipt last;
  private volatile boolean ended;

  private Job(
      LuxClient client, String id, Duration lease, Receipt first, ScheduledExecutorService timer) {
    this.client = client;
    this.id = id;
    this.lease = lease;
    this.last = first;
    // a third of the lease: two renewals may fail (or be late) before the job looks dead
    long every = Math.max(200, lease.toMillis() / 3);
    this.renewal =
        timer.scheduleWithFixedDelay(this::renewIfQuiet, every, every, TimeUnit.MILLISECONDS);
  }

  public String id() {
    return id;
  }

  /** The receipt of the job's last write. */
  public Receipt last() {
    return last;
  }

  /** Merge-patches the job's data (RFC 7396: a {@code null} value removes a field). */
  public Receipt update(JsonObject partial) {
    return written(client.patch(id, partial, WriteOptions.NONE));
  }

  /** Sets the conventional {@code step}. */
  public Receipt step(String step) {
    return update(JsonText.BUILDERS.createObjectBuilder().add("step", step).build());
  }

  /** Sets the conventional {@code step} and {@code progress} (0-100). */
  public Receipt step(String step, double progress) {
    JsonObjectBuilder fields = JsonText.BUILDERS.createObjectBuilder().add("step", step);
    if (progress == Math.rint(progress)) {
      fields.add("progress", (long) progress); // 10, not 10.0, as an agent would write it
    } else {
      fields.add("progress", progress);
    }
    return update(fields.build());
  }

  /** Writes {@code status: complete, progress: 100}, removes the lease and stops renewing. */
  public Receipt complete() {
    return end(
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("status", "complete")
            .add("progress", 100)
            .build());
  }

  /**
   * Writes {@code status: failed} with {@code summary: reason} (the widgets show a job's summary),
   * removes the lease, stops renewing.
   */
  public Receipt fail(String reason) {
    return end(
        JsonText.BUILDERS
            .createObjectBuilder()
            .add("status", "failed")
            .add("summary", Objects.requireNonNull(reason, "reason"))
            .build());
  }

  private Receipt end(JsonObject partial) {
    stopRenewing();
    // a finished job is not stale: its lease goes with it
    return written(client.patch(id, partial, WriteOptions.NONE.lease(Duration.ZERO)));
  }

  private Receipt written(Receipt receipt) {
    lastWriteNanos = System.nanoTime();
    last = receipt;
    return receipt;
  }

  /** A write renews the lease too: only a job quiet for a third of its lease needs a renewal. */
  private void renewIfQuiet() {
    if (ended || System.nanoTime() - lastWriteNanos < lease.toNanos() / 3) {
      return;
    }
    try {
      client.renew(id, null, null);
    } catch (LuxException e) {
      if (e.status() == 404 || e.status() == 409) {
        // deleted, or its lease removed by someone else: there is nothing left to keep alive
        LOG.log(
            System.Logger.Level.WARNING, "Lux job " + id + " stops renewing: " + e.getMessage());
        stopRenewing();
      } else {
        LOG.log(System.Logger.Level.DEBUG, "Lux job " + id + " renewal failed: " + e.getMessage());
      }
    }
  }

  private void stopRenewing() {
    ended = true;
    renewal.cancel(false);
  }

  /** Stops renewing. An unfinished job then turns stale when its lease lapses. */
  @Override
  public void close() {
    stopRenewing();
  }

  /** How a job starts: its lease (required), ttl, stall time and first data. */
  public static final class Builder {
    private final LuxClient client;
    private final ScheduledExecutorService timer;
    private final String id;
    private Duration lease;
    private Duration ttl;
    private Duration stall;
    private JsonObject data;

    Builder(LuxClient client, ScheduledExecutorService timer, String id) {
      this.client = client;
      this.timer = timer;
      this.id = Objects.requireNonNull(id, "id");
    }

    /** Stale after this long without a write or renewal; at least a second. */
    public Builder lease(Duration value) {
      if (value.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("a lease is at least one second");
      }
      this.lease = value;
      return this;
    }

    public Builder ttl(Duration value) {
      this.ttl = value;
      return this;
    }

    public Builder stall(Duration value) {
      this.stall = value;
      return this;
    }

    /**
     * The first state; without one, {@code {"status":"running","progress":0}}, as the Python
     * client.
     */
    public Builder data(JsonObject value) {
      this.data = value;
      return this;
    }

    /** Writes the first state (a PUT) and starts renewing the lease. */
    public Job open() {
      if (lease == null) {
        throw new IllegalStateException("a job needs a lease: job(id).lease(Duration)");
      }
      JsonObject first =
          data != null
              ? data
              : JsonText.BUILDERS
                  .createObjectBuilder()
                  .add("status", "running")
                  .add("progress", 0)
                  .build();
      Receipt receipt = client.put(id, first, WriteOptions.NONE.lease(lease).ttl(ttl).stall(stall));
      return new Job(client, id, lease, receipt, timer);
    }
  }
}
