package com.voxell.lux.access.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.access.entity.OriginPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossOriginTest {

  final CrossOrigin cors = new CrossOrigin(new OriginPolicy(List.of("https://portal.example.com")));

  @Test
  void listedOriginGetsItsOriginBackAndTheReadableHeaders() {
    CrossOrigin.Answer answer = cors.answer("GET", "https://portal.example.com", null);
    assertThat(answer.passOn()).isTrue();
    assertThat(answer.headers())
        .containsEntry("Access-Control-Allow-Origin", "https://portal.example.com")
        .containsEntry("Vary", "Origin")
        .doesNotContainKey("Access-Control-Allow-Credentials");
    assertThat(answer.headers().get("Access-Control-Expose-Headers"))
        .contains("ETag", "Retry-After");
  }

  @Test
  void listedPreflightIsAnsweredWithoutCredentials() {
    CrossOrigin.Answer answer = cors.answer("OPTIONS", "https://portal.example.com", "PUT");
    assertThat(answer.status()).isEqualTo(204);
    assertThat(answer.headers().get("Access-Control-Allow-Headers"))
        .contains("Authorization", "Content-Type", "If-Match", "If-None-Match");
    assertThat(answer.headers().get("Access-Control-Allow-Methods")).contains("PATCH", "DELETE");
  }

  @Test
  void otherOriginsGetNoCorsHeaderAndTheirPreflightIsRefused() {
    assertThat(cors.answer("GET", "https://evil.example.net", null).headers()).isEmpty();
    assertThat(cors.answer("GET", "https://evil.example.net", null).passOn()).isTrue();
    CrossOrigin.Answer preflight = cors.answer("OPTIONS", "https://evil.example.net", "PUT");
    assertThat(preflight.status()).isEqualTo(403);
    assertThat(preflight.headers()).isEmpty();
  }

  @Test
  void requestsWithoutOriginPassUntouched() {
    CrossOrigin.Answer answer = cors.answer("OPTIONS", null, null);
    assertThat(answer.passOn()).isTrue();
    assertThat(answer.headers()).isEmpty();
  }
}
