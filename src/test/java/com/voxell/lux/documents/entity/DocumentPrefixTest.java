package com.voxell.lux.documents.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.voxell.lux.problems.entity.Problem;
import org.junit.jupiter.api.Test;

class DocumentPrefixTest {

  @Test
  void theStartOfAValidIdIsAPrefix() {
    assertThat(DocumentPrefix.of("workflow-").value()).isEqualTo("workflow-");
    assertThat(DocumentPrefix.of("admin").value()).isEqualTo("admin");
    assertThat(DocumentPrefix.of("a".repeat(200)).value()).hasSize(200);
  }

  @Test
  void whatCannotStartAnIdIsRefusedWithOneAnswer() {
    for (String bad : new String[] {"-job", ".job", "job/1", "job 1", "a".repeat(201), "é"}) {
      assertThatThrownBy(() -> DocumentPrefix.of(bad))
          .as(bad)
          .isInstanceOfSatisfying(
              Problem.class,
              problem -> {
                assertThat(problem.status()).isEqualTo(400);
                assertThat(problem.detail()).isEqualTo(DocumentPrefix.INVALID);
              });
    }
  }

  @Test
  void absentOrEmptyMeansEveryDocumentOnlyWhereAsked() {
    assertThat(DocumentPrefix.orAll(null)).isEqualTo(DocumentPrefix.ALL);
    assertThat(DocumentPrefix.orAll("")).isEqualTo(DocumentPrefix.ALL);
    assertThatThrownBy(() -> DocumentPrefix.of(null)).isInstanceOf(Problem.class);
    assertThatThrownBy(() -> DocumentPrefix.of("")).isInstanceOf(Problem.class);
  }

  @Test
  void equalValuesAreEqualPrefixes() {
    assertThat(DocumentPrefix.orAll("job-")).isEqualTo(DocumentPrefix.of("job-"));
    assertThat(DocumentPrefix.of("job-")).hasToString("job-");
  }
}
