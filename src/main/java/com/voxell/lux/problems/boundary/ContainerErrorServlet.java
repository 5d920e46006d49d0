package com.voxell.lux.problems.boundary;

import com.voxell.lux.problems.entity.Problem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The error page of the servlet container (see web.xml): errors raised outside JAX-RS, such as an
 * unknown static path or a PUT the default servlet refuses, also answer problem+json.
 */
@WebServlet("/lux-error")
public class ContainerErrorServlet extends HttpServlet {

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
    if (status == HttpServletResponse.SC_FORBIDDEN && !"GET".equals(request.getMethod())) {
      status = HttpServletResponse.SC_METHOD_NOT_ALLOWED; // the default servlet's "read only"
    }
    Problem.Kind kind = Problem.Kind.ofStatus(status);
    String detail =
        switch (status) {
          case 404 -> "Nothing here; the API lives under /api/lux.";
          case 405 -> "Method not allowed on this path.";
          default -> kind.title + ".";
        };
    response.setStatus(status);
    ProblemResponses.write(response, kind, detail);
  }
}
