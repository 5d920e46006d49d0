package com.voxell.lux.stream.control;

import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.control.Timestamps;
import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.problems.entity.Problem;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * The server's stream messages as JSON text (docs/PROTOCOL.md, "Live stream"). A change is rendered
 * here once, on its lane, and that one string goes to every subscriber of the document: serializing
 * per subscriber would make fan-out cost grow with the audience times the document size.
 */
public final class StreamMessages {

  /** The heartbeat never changes. */
  public static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

  private StreamMessages() {}

  /**
   * The message for a change: {@code update}, {@code stale}, {@code renewed} or {@code deleted};
   * {@code null} for a live document's renewal, which subscribers are not told of.
   */
  public static String of(Change change) {
    Document document = change.document();
    return switch (change.kind()) {
      case CREATED, UPDATED ->
          change.message() != null ? change.message() : DocumentJson.update(document);
      case STALE ->
          DocumentJson.text(
              type("stale")
                  .add("id", document.id())
                  .add("version", document.version())
                  .add("epoch", document.epoch())
                  .build());
      case RENEWED ->
          DocumentJson.text(
              type("renewed")
                  .add("id", document.id())
                  .add("version", document.version())
                  .add("epoch", document.epoch())
                  .add("leaseExpiresAt", Timestamps.format(document.leaseEndsAt()))
                  .build());
      case EXTENDED -> null;
      case DELETED, EXPIRED ->
          DocumentJson.text(
              type("deleted")
                  .add("id", document.id())
                  .add("reason", change.kind() == Change.Kind.DELETED ? "deleted" : "expired")
                  .build());
    };
  }

  /**
   * What identifies the state a change leaves behind: the same key twice means the subscriber
   * already has it.
   */
  public static String stateKey(Change change) {
    Document document = change.document();
    return change.kind().removes() ? "removed:" + document.epoch() : stateKey(document);
  }

  /**
   * A stall flip changes no version: the key names it, or the subscriber would be thought to have
   * that state already.
   */
  public static String stateKey(Document document) {
    return document.epoch()
        + "."
        + document.version()
        + (document.stale() ? ".stale" : "")
        + (document.insight().stalled() ? ".stalled" : "");
  }

  /** A snapshot, with {@code derived.timeline} for a subscription that asked for it. */
  public static String snapshot(Document document, boolean timeline) {
    return DocumentJson.message("snapshot", document, timeline);
  }

  public static String subscribedToRollup(String prefix) {
    return DocumentJson.text(type("subscribed").add("rollup", prefix).build());
  }

  public static String unsubscribedFromRollup(String prefix) {
    return DocumentJson.text(type("unsubscribed").add("rollup", prefix).build());
  }

  public static String missing(String id) {
    return DocumentJson.text(type("missing").add("id", id).build());
  }

  public static String subscribedToPrefix(String prefix, int count) {
    return DocumentJson.text(type("subscribed").add("prefix", prefix).add("count", count).build());
  }

  public static String subscribedToIds(List<String> ids, int count) {
    JsonArrayBuilder array = DocumentJson.BUILDERS.createArrayBuilder();
    ids.forEach(array::add);
    return DocumentJson.text(type("subscribed").add("ids", array).add("count", count).build());
  }

  public static String unsubscribed(List<String> ids, String prefix) {
    JsonObjectBuilder message = type("unsubscribed");
    if (prefix != null) {
      message.add("prefix", prefix);
    } else {
      JsonArrayBuilder array = DocumentJson.BUILDERS.createArrayBuilder();
      ids.forEach(array::add);
      message.add("ids", array);
    }
    return DocumentJson.text(message.build());
  }

  /** An {@code error}; {@code id} may be {@code null} when the message concerns no document. */
  public static String error(int status, String title, String detail, String id) {
    JsonObjectBuilder message = type("error");
    if (id != null) {
      message.add("id", id);
    }
    return DocumentJson.text(
        message.add("status", status).add("title", title).add("detail", detail).build());
  }

  /** The {@code error} for a refused request, about document {@code id} when it names one. */
  public static String error(Problem problem, String id) {
    return error(problem, null, id);
  }

  /**
   * The {@code error} for a refused request: {@code ref} and {@code id} (when given) route it to
   * the socket write it answers, then the problem's status, title, detail, and {@code retryAfter}
   * when rate limited.
   */
  public static String error(Problem problem, JsonValue ref, String id) {
    JsonObjectBuilder message = type("error");
    if (ref != null) {
      message.add("ref", ref);
    }
    if (id != null) {
      message.add("id", id);
    }
    return DocumentJson.text(problem(message, problem).build());
  }

  /** An {@code error} about a roll-up subscription, naming its prefix so a client can route it. */
  public static String rollupError(Problem problem, String prefix) {
    return DocumentJson.text(problem(type("error").add("rollup", prefix), problem).build());
  }

  private static JsonObjectBuilder problem(JsonObjectBuilder message, Problem problem) {
    message
        .add("status", problem.status())
        .add("title", problem.kind().title)
        .add("detail", problem.detail());
    if (problem.retryAfterSeconds() > 0) {
      message.add("retryAfter", problem.retryAfterSeconds());
    }
    return message;
  }

  private static JsonObjectBuilder type(String type) {
    return DocumentJson.BUILDERS.createObjectBuilder().add("type", type);
  }
}
