package com.voxell.lux.access.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {

  @Test
  void allowsNonBrowsersTheServersOwnOriginAndListedOrigins() {
    OriginPolicy policy = new OriginPolicy(List.of("https://portal.example.com/"));
    assertThat(policy.allows(null, "lux:8080")).isTrue();
    assertThat(policy.allows("http://lux:8080", "lux:8080")).isTrue();
    assertThat(policy.allows("https://PORTAL.example.com", "lux:8080")).isTrue();
    assertThat(policy.allows("https://evil.example.com", "lux:8080")).isFalse();
    assertThat(policy.allows("null", "lux:8080")).isFalse();
  }

  @Test
  void aStarAllowsAnyOrigin() {
    assertThat(new OriginPolicy(List.of("*")).allows("https://x.example", "lux")).isTrue();
    assertThat(new OriginPolicy(List.of()).lists("https://x.example")).isFalse();
  }
}
