package com.voxell.lux.operations.boundary;

import com.voxell.lux.access.boundary.Credentials;
import com.voxell.lux.access.entity.ApiKey;
import com.voxell.lux.access.entity.OriginPolicy;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.entity.Limits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Writes the one line Lux logs when it starts: its version, where its API is, and the settings that
 * change its behaviour. Key names may appear, their secrets never do.
 */
@ApplicationScoped
public class StartLine {

  private static final Logger LOG = Logger.getLogger(StartLine.class.getName());

  @Inject DocumentStore store;
  @Inject Backplane backplane;
  @Inject OriginPolicy origins;
  @Inject Credentials credentials;

  void started(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
    LOG.info(line(context.getContextPath()));
  }

  String line(String contextPath) {
    Limits limits = store.limits();
    String keys = credentials.keys().stream().map(ApiKey::name).collect(Collectors.joining(","));
    return "lux started version="
        + version()
        + " api="
        + contextPath
        + "/api/lux"
        + " cluster="
        + (backplane instanceof LocalBackplane ? "off" : "on")
        + " backplane="
        + backplane.getClass().getSimpleName()
        + " max-document-bytes="
        + limits.maxDocumentBytes()
        + " max-depth="
        + limits.maxDepth()
        + " max-documents="
        + limits.maxDocuments()
        + " default-ttl="
        + limits.defaultTtlSeconds()
        + " max-ttl="
        + limits.maxTtlSeconds()
        + " origins="
        + (origins.allowed().isEmpty() ? "same-origin" : String.join(",", origins.allowed()))
        + " keys="
        + keys
        + " metrics="
        + MetricsExport.mode();
  }

  static String version() {
    Properties build = new Properties();
    try (InputStream in = StartLine.class.getResourceAsStream("/lux-build.properties")) {
      if (in != null) {
        build.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return build.getProperty("version", "unknown");
  }
}
