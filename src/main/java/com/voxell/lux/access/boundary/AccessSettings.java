package com.voxell.lux.access.boundary;

import com.voxell.lux.access.entity.OriginPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Access settings read once from MicroProfile Config. */
@ApplicationScoped
public class AccessSettings {

  @Inject
  @ConfigProperty(name = "lux.cors.origins")
  java.util.Optional<List<String>> corsOrigins;

  /** The CORS and WebSocket {@code Origin} allow-list, {@code lux.cors.origins}. */
  @Produces
  @Singleton
  OriginPolicy originPolicy() {
    return new OriginPolicy(corsOrigins.orElse(List.of()));
  }
}
