package com.voxell.lux.documents.entity;

/**
 * Who calls documents, as far as documents needs to know: what the caller may read and write, and
 * who it is as a {@link Writer}. The access package's grant is one; the interface lets documents
 * authorize without importing access, which imports documents.
 */
public interface Caller {

  /** Throws 403 unless the caller may write at all. */
  void requireWrite();

  /** Throws 403 unless the caller may write the document {@code id}. */
  void requireWrite(String id);

  /** Throws 403 unless the caller may read the document {@code id}. */
  void requireRead(String id);

  /** Throws 403 unless the caller may read every document under {@code prefix}. */
  void requireReadUnder(String prefix);

  /** The name recorded as a written document's writer, and the caller's write rate limit. */
  Writer writer();
}
