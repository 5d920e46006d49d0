package com.voxell.lux.documents.entity;

import com.voxell.lux.problems.entity.Problem;
import java.util.Set;

/** A document id: a letter or digit, then up to 199 of letters, digits and {@code ._:-}. */
public record DocumentId(String value) implements Comparable<DocumentId> {

  /**
   * Words of the API's own paths ({@code /api/lux/stream}, {@code /api/lux/batch}, …): a document
   * with such an id could not be reached, so none may be created.
   */
  public static final Set<String> RESERVED =
      Set.of("stream", "events", "batch", "tokens", "rollup", "admin");

  public DocumentId {
    if (value == null || !valid(value)) {
      throw Problem.invalid(
          "Invalid document id: an id is 1 to 200 characters of A-Z a-z 0-9 . _ : -, starting"
              + " with a letter or digit.");
    }
    if (RESERVED.contains(value)) {
      throw Problem.invalid("'" + value + "' is reserved for the API's own paths: " + RESERVED);
    }
  }

  public static DocumentId of(String value) {
    return new DocumentId(value);
  }

  /** Whether {@code value} can start an id (reserved words can: {@code admin-42} is an id). */
  public static boolean isValidPrefix(String value) {
    return value != null && valid(value);
  }

  /**
   * {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,199}}, checked by hand: every write of a batch checks an
   * id, and the regex matcher was a tenth of a batch write's time.
   */
  private static boolean valid(String value) {
    int length = value.length();
    if (length < 1 || length > 200 || !letterOrDigit(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = value.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
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
