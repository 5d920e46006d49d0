package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.control.Meter;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides how the meters leave the server, so one WAR works everywhere: where MicroProfile Metrics
 * is present (Payara Micro, Payara Server) they join its registry and appear in the server's own
 * {@code /metrics}; where it is not (WildFly 28 and later replaced it with Micrometer) Lux serves
 * the same names as Prometheus text at {@code /metrics} itself. The MicroProfile Metrics classes
 * are touched only after this check, so their absence never fails the deployment.
 */
@WebListener
public class MetricsExport implements ServletContextListener {

  static final String REGISTRY_CLASS = "org.eclipse.microprofile.metrics.MetricRegistry";
  private static final Logger LOG = Logger.getLogger(MetricsExport.class.getName());

  /** Whether this server offers MicroProfile Metrics to applications. */
  static boolean microProfile() {
    try {
      Class.forName(REGISTRY_CLASS, false, MetricsExport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The way the meters are served, for the start line. */
  static String mode() {
    return microProfile() ? "microprofile" : "prometheus-text";
  }

  @Override
  public void contextInitialized(ServletContextEvent event) {
    if (!microProfile()) {
      event
          .getServletContext()
          .addServlet("lux-metrics", PrometheusServlet.class)
          .addMapping("/metrics");
    }
  }

  static void register(List<Meter> meters) {
    if (!microProfile()) {
      return;
    }
    try {
      MicroProfileMetricsBridge.register(meters);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "lux meters could not join MicroProfile Metrics", e);
    }
  }
}
