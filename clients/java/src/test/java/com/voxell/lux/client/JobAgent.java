package com.voxell.lux.client;

import java.time.Duration;

/**
 * An agent in a JVM of its own, for the test that kills it: opens a job with a lease, says so on
 * stdout, and then works silently (no writes) until it is killed.
 */
public final class JobAgent {

  private JobAgent() {}

  /** Arguments: endpoint, key, job id, lease seconds. */
  public static void main(String[] args) throws InterruptedException {
    LuxClient client = LuxClient.builder(args[0]).apiKey(args[1]).build();
    Job job = client.job(args[2]).lease(Duration.ofSeconds(Long.parseLong(args[3]))).open();
    System.out.println("OPEN " + job.last().version());
    System.out.flush();
    Thread.currentThread().join(); // a long, silent call: only the renewals keep the job live
  }
}
