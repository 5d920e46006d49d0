package com.voxell.lux.access.boundary;

import com.voxell.lux.access.control.CrossOrigin;
import com.voxell.lux.access.entity.OriginPolicy;
import com.voxell.lux.problems.boundary.ProblemResponses;
import com.voxell.lux.problems.entity.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS for everything Lux serves, the API and the static files alike, from {@code
 * lux.cors.origins}. Preflights are answered here, before any credential is asked for.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class CorsFilter extends HttpFilter {

  @Inject OriginPolicy policy;

  private CrossOrigin crossOrigin;

  @Override
  public void init() {
    crossOrigin = new CrossOrigin(policy);
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    CrossOrigin.Answer answer =
        crossOrigin.answer(
            request.getMethod(),
            request.getHeader("Origin"),
            request.getHeader("Access-Control-Request-Method"));
    answer.headers().forEach(response::setHeader);
    if (answer.passOn()) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(answer.status());
    if (answer.status() == HttpServletResponse.SC_FORBIDDEN) {
      ProblemResponses.write(
          response, Problem.Kind.FORBIDDEN, "This origin is not listed in lux.cors.origins.");
    }
  }
}
