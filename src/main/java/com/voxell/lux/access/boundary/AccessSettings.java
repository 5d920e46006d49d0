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

  // Read through Config: Payara 6.2025.10 cannot inject @ConfigProperty Optional<List<String>>
  // (ClassCastException in its ConfigProducer), which silently left the CORS filter out.
  @Inject Config config;

  /** The CORS and WebSocket {@code Origin} allow-list, {@code lux.cors.origins}. */
  @Produces
  @Singleton
  OriginPolicy originPolicy() {
    return new OriginPolicy(
        config.getOptionalValues("lux.cors.origins", String.class).orElse(List.of()));
  }
}
