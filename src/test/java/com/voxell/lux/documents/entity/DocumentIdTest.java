package com.voxell.lux.documents.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.problems.entity.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentIdTest {

  @ParameterizedTest
  @ValueSource(strings = {"workflow-invoice-reconcile-abc123", "a", "A.b_c:d-e", "0", "admin-1"})
  void acceptsIdsOfTheDocumentedForm(String id) {
    assertThat(DocumentId.of(id).value()).isEqualTo(id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", ".a", "a b", "a/b", "é", "a?", "stream", "batch", "tokens"})
  void refusesOthersAndTheApiPathWords(String id) {
    assertThatThrownBy(() -> DocumentId.of(id)).isInstanceOf(Problem.class);
  }

  @org.junit.jupiter.api.Test
  void isAtMost200Characters() {
    assertThat(DocumentId.of("a".repeat(200)).value()).hasSize(200);
    assertThatThrownBy(() -> DocumentId.of("a".repeat(201))).isInstanceOf(Problem.class);
  }
}
