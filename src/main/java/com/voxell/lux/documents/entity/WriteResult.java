package com.voxell.lux.documents.entity;

/** The state after an accepted write, and whether the write created the document. */
public record WriteResult(Document document, boolean created) {}
