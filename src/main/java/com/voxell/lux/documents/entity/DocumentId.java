package com.voxell.lux.documents.entity;

import com.voxell.lux.problems.entity.Problem;
import java.util.Set;
import java.util.regex.Pattern;

/** A document id: a letter or digit, then up to 199 of letters, digits and {@code ._:-}. */
public record DocumentId(String value) implements Comparable<DocumentId> {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

  /**
   * Words of the API's own paths ({@code /api/lux/stream}, {@code /api/lux/batch}, …): a document
   * with such an id could not be reached, so none may be created.
   */
  public static final Set<String> RESERVED =
      Set.of("stream", "events", "batch", "tokens", "rollup", "admin");

  public DocumentId {
    if (value != null && RESERVED.contains(value)) {
      throw Problem.invalid("'" + value + "' is reserved for the API's own paths: " + RESERVED);
    }
    if (value == null || !VALID.matcher(value).matches()) {
      throw Problem.invalid(
          "Invalid document id: an id is 1 to 200 characters of A-Z a-z 0-9 . _ : -, starting"
              + " with a letter or digit.");
    }
  }

  public static DocumentId of(String value) {
    return new DocumentId(value);
  }

  /** Whether {@code value} can start an id (reserved words can: {@code admin-42} is an id). */
  public static boolean isValidPrefix(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public int compareTo(DocumentId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
