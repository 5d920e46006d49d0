package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.entity.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/** Listing pages and whole reads out of a cluster map of change texts, whatever the engine. */
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
    return documents(wanted, texts, parsed);
  }

  /**
   * Hands every document of {@code ids} to {@code batches}, up to {@code size} at a time, each
   * batch read in one call: the ids are looked at once for the whole read.
   *
   * @param ids the map's ids, fetched once by the caller
   */
  public static void scan(
      Iterable<String> ids,
      int size,
      Function<Set<String>, Map<String, String>> texts,
      ParsedChanges parsed,
      Consumer<List<Document>> batches) {
    List<String> wanted = new ArrayList<>(size);
    for (String id : ids) {
      wanted.add(id);
      if (wanted.size() == size) {
        read(wanted, texts, parsed, batches);
        wanted.clear();
      }
    }
    if (!wanted.isEmpty()) {
      read(wanted, texts, parsed, batches);
    }
  }

  private static void read(
      List<String> wanted,
      Function<Set<String>, Map<String, String>> texts,
      ParsedChanges parsed,
      Consumer<List<Document>> batches) {
    List<Document> batch = documents(wanted, texts, parsed);
    if (!batch.isEmpty()) {
      batches.accept(batch);
    }
  }

  /**
   * The documents of {@code wanted} in its order, read in one call; tombstones and gone ids left
   * out.
   */
  private static List<Document> documents(
      List<String> wanted, Function<Set<String>, Map<String, String>> texts, ParsedChanges parsed) {
    Map<String, String> found = texts.apply(Set.copyOf(wanted));
    List<Document> documents = new ArrayList<>(wanted.size());
    for (String id : wanted) {
      Document document = parsed.current(id, found.get(id));
      if (document != null) {
        documents.add(document);
      }
    }
    return documents;
  }
}
