package com.voxell.lux.documents.entity;

import com.voxell.lux.problems.entity.Problem;

/** What one write of a batch or a socket message does: its {@code op} on the wire. */
public enum WriteOp {
  PUT("put"),
  PATCH("patch"),
  DELETE("delete");

  private final String wireName;

  WriteOp(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The op named {@code value}, or a 400 problem. */
  public static WriteOp of(String value) {
    for (WriteOp op : values()) {
      if (op.wireName.equals(value)) {
        return op;
      }
    }
    throw Problem.invalid("'op' must be \"put\", \"patch\" or \"delete\".");
  }

  /** The document write this op makes; {@code null} for a delete. */
  public WriteKind kind() {
    return switch (this) {
      case PUT -> WriteKind.PUT;
      case PATCH -> WriteKind.PATCH;
      case DELETE -> null;
    };
  }
}
