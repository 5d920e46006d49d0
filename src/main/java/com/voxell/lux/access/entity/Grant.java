package com.voxell.lux.access.entity;

import com.voxell.lux.documents.entity.Caller;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What one authenticated credential may do: its scopes, over every document or only over listed
 * prefixes and ids. Holds no secret.
 *
 * @param subject key name or token subject, recorded as a document's writer
 * @param scopes what it may do
 * @param allDocuments whether it reaches every document (then prefixes and ids are empty)
 * @param prefixes id prefixes it reaches
 * @param ids single ids it reaches
 * @param writesPerSecond its write rate limit; 0 = unlimited
 * @param expiresAt when it stops being valid; {@code null} for keys
 */
public record Grant(
    String subject,
    Set<Scope> scopes,
    boolean allDocuments,
    List<String> prefixes,
    Set<String> ids,
    double writesPerSecond,
    Instant expiresAt)
    implements Principal, Caller {

  public Grant {
    scopes = Set.copyOf(scopes);
    prefixes = List.copyOf(prefixes);
    ids = Set.copyOf(ids);
  }

  @Override
  public String getName() {
    return subject;
  }

  public boolean has(Scope scope) {
    return scopes.contains(scope);
  }

  /** Whether this grant reaches the document {@code id}. */
  public boolean reaches(String id) {
    if (allDocuments || ids.contains(id)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (id.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every id starting with {@code prefix} is within this grant. */
  public boolean reachesPrefix(String prefix) {
    if (allDocuments) {
      return true;
    }
    for (String granted : prefixes) {
      if (prefix.startsWith(granted)) {
        return true;
      }
    }
    return false;
  }

  /** Throws 403 unless this grant has the scope and reaches the document. */
  public void require(Scope scope, String id) {
    requireScope(scope);
    if (!reaches(id)) {
      throw Problem.forbidden("'" + subject + "' does not reach document '" + id + "'.");
    }
  }

  /** Throws 403 unless this grant has the scope and reaches every id under the prefix. */
  public void requirePrefix(Scope scope, String prefix) {
    requireScope(scope);
    if (!reachesPrefix(prefix)) {
      throw Problem.forbidden(
          "'" + subject + "' does not reach every document under prefix '" + prefix + "'.");
    }
  }

  public void requireScope(Scope scope) {
    if (!has(scope)) {
      throw Problem.forbidden("'" + subject + "' lacks the '" + scope.wireName() + "' scope.");
    }
  }

  @Override
  public void requireWrite() {
    requireScope(Scope.WRITE);
  }

  @Override
  public void requireWrite(String id) {
    require(Scope.WRITE, id);
  }

  @Override
  public void requireRead(String id) {
    require(Scope.READ, id);
  }

  @Override
  public void requireReadUnder(String prefix) {
    requirePrefix(Scope.READ, prefix);
  }

  @Override
  public Writer writer() {
    return new Writer(subject, writesPerSecond);
  }

  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
