package com.voxell.lux.cluster.control;

import com.voxell.lux.documents.entity.Change;
import com.voxell.lux.documents.entity.Document;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest change this node has read or written for each document, with the grid text it came
 * from, so each change's text is parsed once per node: the node that writes a change keeps what it
 * decided, and a node that hears one parses it once for its subscribers, its timers and its next
 * write to that document. A read whose text matches (the same characters, not the same object)
 * costs a string comparison instead of a parse.
 */
public final class ParsedChanges {

  private record Parsed(String text, Change change) {}

  private final Map<String, Parsed> latest = new ConcurrentHashMap<>();
  private final int capacity;

  /** Remembers every document (a node that hears every change, so every removal too). */
  public ParsedChanges() {
    this(Integer.MAX_VALUE);
  }

  /**
   * Remembers at most {@code capacity} documents, forgetting an arbitrary one beyond it: for a node
   * that does not hear every removal (it hears what it follows), whose memory would otherwise keep
   * documents another node removed. A document forgotten costs its next write here a read.
   */
  public ParsedChanges(int capacity) {
    this.capacity = capacity;
  }

  /** The change a grid text says, parsed unless this node already holds it. */
  public Change change(String id, String text) {
    Parsed known = latest.get(id);
    if (known != null && known.text().equals(text)) {
      return known.change();
    }
    Change change = ChangeText.change(text);
    remember(id, text, change);
    return change;
  }

  /**
   * The grid text this node last wrote or heard for a document, or {@code null} if it holds none
   * (never heard of, or removed): what the entry most likely holds now, not what it surely holds.
   */
  public String text(String id) {
    Parsed known = latest.get(id);
    return known == null ? null : known.text();
  }

  /** The document a grid entry holds: {@code null} for no entry or a tombstone. */
  public Document current(String id, String text) {
    if (text == null) {
      return null;
    }
    Change change = change(id, text);
    return change.kind().removes() ? null : change.document();
  }

  private void forgetOneBesides(String kept) {
    for (String id : latest.keySet()) {
      if (!id.equals(kept)) {
        latest.remove(id);
        return;
      }
    }
  }

  /** Keeps what this node decided and wrote, so hearing it back parses nothing. */
  public void remember(String id, String text, Change change) {
    if (change.kind().removes()) {
      latest.remove(id); // a removed document holds no memory on any node
    } else {
      latest.put(id, new Parsed(text, change));
      if (latest.size() > capacity) {
        forgetOneBesides(id);
      }
    }
  }
}
