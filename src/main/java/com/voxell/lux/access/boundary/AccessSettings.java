package com.voxell.lux.access.boundary;

import com.voxell.lux.access.entity.OriginPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/** Access settings read once from MicroProfile Config. */
@ApplicationScoped
public class AccessSettings {

  // Read through Config: Payara's @ConfigProperty Optional<List<String>> injection throws a
  // ClassCastException (ParameterizedTypeImpl cannot be cast to Class) when first used.
  @Inject Config config;

  /** The CORS and WebSocket {@code Origin} allow-list, {@code lux.cors.origins}. */
  @Produces
  @Singleton
  OriginPolicy originPolicy() {
    return new OriginPolicy(
        config.getOptionalValues("lux.cors.origins", String.class).orElse(List.of()));
  }
}
