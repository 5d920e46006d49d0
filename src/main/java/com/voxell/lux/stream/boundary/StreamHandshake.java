package com.voxell.lux.stream.boundary;

import com.voxell.lux.access.boundary.Credentials;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.OriginPolicy;
import com.voxell.lux.problems.entity.Problem;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Authenticates a socket during its handshake, where the headers are still visible (JAX-RS filters
 * never see it): {@code Authorization: Bearer …} or {@code ?access_token=…}, and the {@code Origin}
 * against {@code lux.cors.origins}. The outcome, a grant or a refusal, travels to the session in
 * its user properties (a per-connection copy since WebSocket 2.1). A refusal is not answered at the
 * handshake: the socket opens, gets an {@code error} and closes with 1008, so a client can tell
 * "refused" from "network down".
 */
public class StreamHandshake extends ServerEndpointConfig.Configurator {

  static final String GRANT = "lux.grant";
  static final String REFUSAL = "lux.refusal";

  /**
   * Every origin passes here: the server's own origin needs the {@code Host} header, which only
   * {@link #modifyHandshake} sees, so the origin is judged there.
   */
  @Override
  public boolean checkOrigin(String originHeaderValue) {
    return true;
  }

  @Override
  public void modifyHandshake(
      ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
    Map<String, Object> properties = config.getUserProperties();
    properties.remove(GRANT);
    properties.remove(REFUSAL);
    try {
      OriginPolicy origins = CDI.current().select(OriginPolicy.class).get();
      String origin = first(request.getHeaders(), "Origin");
      if (!origins.allows(origin, first(request.getHeaders(), "Host"))) {
        throw Problem.forbidden(
            "Origin '" + origin + "' is not allowed; list it in lux.cors.origins.");
      }
      Credentials credentials = CDI.current().select(Credentials.class).get();
      Grant grant = credentials.authenticate(bearer(request));
      properties.put(GRANT, grant);
    } catch (Problem refused) {
      properties.put(REFUSAL, refused);
    }
  }

  private static String bearer(HandshakeRequest request) {
    String header = first(request.getHeaders(), "Authorization");
    if (header != null) {
      return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
    }
    List<String> token = request.getParameterMap().get("access_token");
    return token == null || token.isEmpty() ? null : token.get(0);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }
}
