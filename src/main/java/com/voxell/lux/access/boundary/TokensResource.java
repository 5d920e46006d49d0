package com.voxell.lux.access.boundary;

import com.voxell.lux.access.control.TokenRequestReader;
import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.MintedToken;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.wire.Bodies;
import com.voxell.lux.wire.JsonText;
import com.voxell.lux.wire.Timestamps;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;

/**
 * {@code POST /api/lux/tokens}: a key with the {@code token} scope mints a short-lived token for a
 * browser, never wider than itself.
 */
@Path("lux/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

  private static final CacheControl NO_STORE = CacheControl.valueOf("no-store");

  @Inject Credentials credentials;
  @Inject RequestGrant current;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response mint(InputStream body) {
    Grant minter = current.grant();
    minter.requireScope(Scope.TOKEN);
    byte[] bytes = Bodies.read(body, TokenRequestReader.MAX_BODY_BYTES);
    MintedToken token = credentials.mint(minter, TokenRequestReader.read(bytes));
    String answer =
        JsonText.text(
            JsonText.BUILDERS
                .createObjectBuilder()
                .add("token", token.token())
                .add("expiresAt", Timestamps.format(token.expiresAt()))
                .build());
    return Response.status(Response.Status.CREATED).cacheControl(NO_STORE).entity(answer).build();
  }
}
