/**
 * Job-state documents: the rules of a write (versions, epochs, merge patch, limits, leases,
 * expiry), the store that applies them, and the HTTP calls that reach it. The store is the only
 * place that changes a document, and every change leaves it as one event on the {@link
 * com.voxell.lux.documents.control.Backplane}.
 */
package com.voxell.lux.documents;
