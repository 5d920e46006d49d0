package com.voxell.lux.documents.entity;

import com.voxell.lux.problems.entity.Problem;
import java.io.Serializable;

/**
 * A conditional write: {@code If-Match} with an entity tag (the document must be in exactly that
 * state) or {@code If-None-Match: *} (the document must not exist).
 */
public record Precondition(String ifMatch, boolean mustNotExist) implements Serializable {

  public static final Precondition NONE = new Precondition(null, false);

  public static Precondition of(String ifMatch, String ifNoneMatch) {
    boolean create = false;
    if (ifNoneMatch != null) {
      if (!ifNoneMatch.trim().equals("*")) {
        throw Problem.invalid("On a write, If-None-Match accepts only '*' (create only).");
      }
      create = true;
    }
    String match = ifMatch == null || ifMatch.isBlank() ? null : ifMatch.trim();
    return match == null && !create ? NONE : new Precondition(match, create);
  }

  /** Checks the precondition against the current state ({@code null} when absent). */
  public void check(Document current) {
    if (mustNotExist && current != null) {
      throw new Problem(
          Problem.Kind.PRECONDITION_FAILED,
          "The document exists (version " + current.version() + ") and If-None-Match is '*'.");
    }
    if (ifMatch != null && !matches(current)) {
      throw new Problem(
          Problem.Kind.PRECONDITION_FAILED,
          current == null
              ? "The document does not exist, so If-Match " + ifMatch + " cannot match."
              : "If-Match " + ifMatch + " does not match the current " + current.etag() + ".");
    }
  }

  private boolean matches(Document current) {
    if (current == null) {
      return false;
    }
    if (ifMatch.equals("*")) {
      return true;
    }
    for (String tag : ifMatch.split(",")) {
      String candidate = tag.trim();
      if (candidate.startsWith("W/")) {
        candidate = candidate.substring(2);
      }
      if (candidate.equals(current.etag())) {
        return true;
      }
    }
    return false;
  }
}
