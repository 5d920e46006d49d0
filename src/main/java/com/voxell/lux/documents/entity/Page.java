package com.voxell.lux.documents.entity;

import java.util.List;

/** One page of a listing: documents in id order, and the id to pass as {@code after} next. */
public record Page(List<Document> documents, String next) {

  public Page {
    documents = List.copyOf(documents);
  }
}
