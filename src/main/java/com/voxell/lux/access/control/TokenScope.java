package com.voxell.lux.access.control;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.access.entity.TokenRequest;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.problems.entity.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule "a token never holds more than its key": which grant a token request yields, and what
 * (if anything) a token holds beyond a key. Checked when a token is minted and again on every use.
 */
final class TokenScope {

  /** Ids plus prefixes one token may list: tokens travel in URLs ({@code ?access_token=}). */
  static final int MAX_ENTRIES = 100;

  private TokenScope() {}

  /** The grant a request yields: 400 when malformed, 403 when wider than the minter. */
  static Grant narrow(Grant minter, TokenRequest request, String subject, Instant expiresAt) {
    if (request.ids().size() + request.prefixes().size() > MAX_ENTRIES) {
      throw Problem.invalid("A token lists at most " + MAX_ENTRIES + " ids and prefixes together.");
    }
    for (String id : request.ids()) {
      DocumentId.of(id);
    }
    request.prefixes().forEach(DocumentPrefix::of);
    double rate = minter.writesPerSecond();
    if (request.writesPerSecond() != null) {
      rate = request.writesPerSecond();
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw Problem.invalid("'writesPerSecond' must be a positive number.");
      }
    }
    boolean inherit = request.ids().isEmpty() && request.prefixes().isEmpty();
    Grant token =
        inherit
            ? new Grant(
                subject,
                request.scopes(),
                minter.allDocuments(),
                minter.prefixes(),
                minter.ids(),
                rate,
                expiresAt)
            : new Grant(
                subject,
                request.scopes(),
                false,
                request.prefixes(),
                Set.copyOf(request.ids()),
                rate,
                expiresAt);
    String excess = excess(minter, token);
    if (excess != null) {
      throw Problem.forbidden(excess);
    }
    return token;
  }

  /** Why {@code token} holds more than {@code key} allows, or {@code null} when it does not. */
  static String excess(Grant key, Grant token) {
    for (Scope scope : token.scopes()) {
      if (scope == Scope.TOKEN || scope == Scope.ADMIN) {
        return "A token cannot hold the '" + scope.wireName() + "' scope.";
      }
      if (!key.has(scope)) {
        return "'" + key.subject() + "' lacks the '" + scope.wireName() + "' scope.";
      }
    }
    if (token.allDocuments() && !key.allDocuments()) {
      return "'" + key.subject() + "' does not reach every document.";
    }
    for (String id : token.ids()) {
      if (!key.reaches(id)) {
        return "'" + key.subject() + "' does not reach document '" + id + "'.";
      }
    }
    for (String prefix : token.prefixes()) {
      if (!key.reachesPrefix(prefix)) {
        return "'" + key.subject() + "' does not reach every document under '" + prefix + "'.";
      }
    }
    double limit = key.writesPerSecond();
    if (limit > 0 && !(token.writesPerSecond() > 0 && token.writesPerSecond() <= limit)) {
      return "'" + key.subject() + "' may write at most " + limit + " times per second.";
    }
    return null;
  }

  static String scopeText(Set<Scope> scopes) {
    return scopes.stream().map(Scope::wireName).sorted().collect(Collectors.joining(" "));
  }

  static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
