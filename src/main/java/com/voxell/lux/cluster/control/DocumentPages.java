package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.entity.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** A listing page out of a cluster map of change texts, whatever the engine. */
public final class DocumentPages {

  private DocumentPages() {}

  /**
   * Up to {@code limit} documents whose ids start with {@code prefix} and sort after {@code after},
   * in id order.
   *
   * @param ids the map's ids (already narrowed to the prefix, or all of them)
   * @param texts reads the change texts of a set of ids in one call
   * @param parsed this node's parsed changes, so a text it holds already is not parsed again
   */
  public static List<Document> page(
      Iterable<String> ids,
      String prefix,
      String after,
      int limit,
      Function<Set<String>, Map<String, String>> texts,
      ParsedChanges parsed) {
    TreeSet<String> sorted = new TreeSet<>();
    for (String id : ids) {
      if (id.startsWith(prefix)) {
        sorted.add(id);
      }
    }
    Set<String> from =
        after != null && after.compareTo(prefix) >= 0 ? sorted.tailSet(after, false) : sorted;
    List<String> wanted = new ArrayList<>(Math.min(limit, 64));
    for (String id : from) {
      if (wanted.size() == limit) {
        break;
      }
      wanted.add(id);
    }
    Map<String, String> found = texts.apply(Set.copyOf(wanted));
    List<Document> page = new ArrayList<>(wanted.size());
    for (String id : wanted) {
      Document document = parsed.current(id, found.get(id));
      if (document != null) {
        page.add(document);
      }
    }
    return page;
  }
}
