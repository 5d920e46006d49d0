package com.voxell.lux.insight.control;

import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.Insight;
import com.voxell.lux.documents.entity.Page;
import com.voxell.lux.insight.entity.Rollup;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts documents into a {@link Rollup}, one at a time. Reads only what the write path already
 * derived (the status word, stale, stalled, when the status began), so a document costs a few field
 * reads and a map increment.
 */
public final class RollupTally {

  private static final String WAITING = "waiting";
  private static final String FAILED = "failed";

  private final String prefix;
  private final Map<String, Integer> byStatus = new HashMap<>();
  private int total;
  private int stale;
  private int stalled;
  private int waiting;
  private int failed;
  private Document oldestStale;
  private Document longestWaiting;

  public RollupTally(String prefix) {
    this.prefix = prefix;
  }

  /** The roll-up of every document under {@code prefix}, read page by page from the store. */
  public static Rollup of(DocumentStore store, String prefix) {
    RollupTally tally = new RollupTally(prefix);
    String after = null;
    do {
      Page page = store.list(prefix, after, DocumentStore.MAX_PAGE);
      page.documents().forEach(tally::add);
      after = page.next();
    } while (after != null);
    return tally.rollup();
  }

  public void add(Document document) {
    total++;
    Insight insight = document.insight();
    String status = insight.status();
    if (status != null) {
      byStatus.merge(status, 1, Integer::sum);
    }
    if (document.stale()) {
      stale++;
      if (oldestStale == null || document.updatedAt().isBefore(oldestStale.updatedAt())) {
        oldestStale = document;
      }
    }
    if (insight.stalled()) {
      stalled++;
    }
    if (FAILED.equals(status)) {
      failed++;
    }
    if (WAITING.equals(status)) {
      waiting++;
      if (longestWaiting == null
          || insight.statusSince() < longestWaiting.insight().statusSince()) {
        longestWaiting = document;
      }
    }
  }

  public Rollup rollup() {
    return new Rollup(
        prefix,
        total,
        byStatus,
        stale,
        stalled,
        waiting,
        failed,
        oldestStale == null ? null : oldestStale.id(),
        longestWaiting == null ? null : longestWaiting.id());
  }
}
