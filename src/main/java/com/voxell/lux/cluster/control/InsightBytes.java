package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.ProgressWindow;
import com.voxell.lux.documents.entity.TimelineEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Set;

/**
 * A document's {@link Insight} (progress window, timeline, stall) inside its grid text, as Base64
 * of its Java serialization. It is read back by Lux's own code, so with Lux's class loader on every
 * node; a filter admits only the insight's own classes and the JDK types they hold, so an entry
 * written into the grid by anyone else cannot make a node build arbitrary objects.
 */
final class InsightBytes {

  private static final Set<String> ADMITTED =
      Set.of(
          Insight.class.getName(),
          ProgressWindow.class.getName(),
          TimelineEntry.class.getName(),
          "java.util.ImmutableCollections$ListN",
          "java.util.ImmutableCollections$List12",
          "java.util.CollSer",
          "java.lang.String",
          "java.lang.Object");

  private static final ObjectInputFilter FILTER =
      info -> {
        Class<?> type = info.serialClass();
        if (info.depth() > 8 || info.references() > 10_000 || info.arrayLength() > 100_000) {
          return ObjectInputFilter.Status.REJECTED;
        }
        if (type == null || type.isPrimitive()) {
          return ObjectInputFilter.Status.UNDECIDED;
        }
        if (type.isArray()) {
          Class<?> element = type.getComponentType();
          return element.isPrimitive() || ADMITTED.contains(element.getName())
              ? ObjectInputFilter.Status.ALLOWED
              : ObjectInputFilter.Status.REJECTED;
        }
        return ADMITTED.contains(type.getName())
            ? ObjectInputFilter.Status.ALLOWED
            : ObjectInputFilter.Status.REJECTED;
      };

  private InsightBytes() {}

  static String encode(Insight insight) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(insight);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The insight, or {@link Insight#NONE} when the entry holds none. */
  static Insight decode(String text) {
    if (text == null) {
      return Insight.NONE;
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
      in.setObjectInputFilter(FILTER);
      return (Insight) in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("unreadable insight in the grid", e);
    }
  }
}
