package com.voxell.lux.operations.boundary;

import com.voxell.lux.operations.control.PrometheusText;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Lux's meters as Prometheus text at {@code /metrics}, mapped by {@link MetricsExport} only on
 * servers without MicroProfile Metrics. Needs no credential, like every server's {@code /metrics}.
 */
public class PrometheusServlet extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String text = CDI.current().select(LuxMetrics.class).get().prometheusText();
    response.setContentType(PrometheusText.MEDIA_TYPE);
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(text);
  }
}
