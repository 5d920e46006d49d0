package com.voxell.lux.documents.entity;

import com.voxell.lux.problems.entity.Problem;

/**
 * The start of document ids, as listings, roll-ups, prefix subscriptions and grants name a set of
 * documents: what can begin a valid {@link DocumentId} (reserved words can: {@code admin-42} is an
 * id), or, where every document may be meant, empty. Checked here once, with one answer for every
 * place a prefix comes in.
 */
public record DocumentPrefix(String value) {

  /** Every document. */
  public static final DocumentPrefix ALL = new DocumentPrefix("");

  static final String INVALID =
      "A prefix must be the start of a valid document id: up to 200 characters of A-Z a-z 0-9 . _"
          + " : -, starting with a letter or digit.";

  public DocumentPrefix {
    if (value == null || !(value.isEmpty() || DocumentId.isValidPrefix(value))) {
      throw Problem.invalid(INVALID);
    }
  }

  /** A prefix that names some documents: empty or absent is refused. */
  public static DocumentPrefix of(String value) {
    if (value == null || value.isEmpty()) {
      throw Problem.invalid(INVALID);
    }
    return new DocumentPrefix(value);
  }

  /** A prefix where absent or empty means every document. */
  public static DocumentPrefix orAll(String value) {
    return value == null || value.isEmpty() ? ALL : new DocumentPrefix(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
