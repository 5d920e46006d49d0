package com.voxell.lux.documents.entity;

import com.voxell.lux.problems.entity.Problem;

/**
 * What became of one write of a batch or a socket message: the status a single HTTP call would have
 * answered, and either the document it left (none after a delete) or the refusal.
 *
 * @param id the id the write named, as given ({@code null} when it named none)
 * @param status 201 created, 200 replaced, 204 deleted, or the refusal's status
 * @param document the state after an accepted put or patch; {@code null} otherwise
 * @param problem the refusal; {@code null} when the write was applied
 */
public record ItemResult(String id, int status, Document document, Problem problem) {

  public static ItemResult written(WriteResult result) {
    Document document = result.document();
    return new ItemResult(document.id(), result.created() ? 201 : 200, document, null);
  }

  public static ItemResult deleted(String id) {
    return new ItemResult(id, 204, null, null);
  }

  public static ItemResult refused(String id, Problem problem) {
    return new ItemResult(id, problem.status(), null, problem);
  }

  public boolean applied() {
    return problem == null;
  }
}
