package com.voxell.lux.client;

/**
 * The outcome of one write of a batch, in the batch's order: the status the single call would have
 * answered, the receipt of an accepted put or patch, or the refusal.
 *
 * @param id the document
 * @param status 200, 201, 204, or the refusal's status
 * @param receipt the new state of an accepted put or patch; {@code null} otherwise
 * @param problem the refusal, or {@code null}
 */
public record BatchResult(String id, int status, Receipt receipt, LuxException problem) {

  /** Whether the write was applied. */
  public boolean ok() {
    return problem == null;
  }
}
