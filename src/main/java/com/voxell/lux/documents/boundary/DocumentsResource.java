package com.voxell.lux.documents.boundary;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.control.Bodies;
import com.voxell.lux.documents.control.DocumentJson;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.DocumentPrefix;
import com.voxell.lux.documents.entity.Page;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.WriteResult;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.InputStream;

/** The document calls of the HTTP API: PUT, PATCH, GET, DELETE one document, and list by prefix. */
@Path("lux")
@Produces(MediaType.APPLICATION_JSON)
// One instance serves every request (SecurityContext is injected as a proxy to the current
// one); otherwise Jersey builds and injects one per request: 12% of the server's CPU at 1,000
// PUTs/s under JFR.
@ApplicationScoped
public class DocumentsResource {

  static final String MERGE_PATCH = "application/merge-patch+json";
  private static final CacheControl NO_CACHE = CacheControl.valueOf("no-cache");

  @Inject DocumentStore store;
  @Inject WriteRequestReader reader;
  @Context SecurityContext security;

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("id") String id,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      InputStream body) {
    return write(id, WriteKind.PUT, ifMatch, ifNoneMatch, body);
  }

  @PATCH
  @Path("{id}")
  @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
  public Response patch(
      @PathParam("id") String id,
      @HeaderParam("If-Match") String ifMatch,
      @HeaderParam("If-None-Match") String ifNoneMatch,
      InputStream body) {
    return write(id, WriteKind.PATCH, ifMatch, ifNoneMatch, body);
  }

  private Response write(
      String id, WriteKind kind, String ifMatch, String ifNoneMatch, InputStream body) {
    DocumentId documentId = DocumentId.of(id);
    Grant grant = grant();
    grant.require(Scope.WRITE, id);
    Precondition precondition = Precondition.of(ifMatch, ifNoneMatch);
    byte[] bytes = Bodies.read(body, store.limits().maxBodyBytes());
    WriteResult result =
        store.write(
            documentId,
            kind,
            reader.read(bytes),
            precondition,
            new Writer(grant.subject(), grant.writesPerSecond()));
    Document document = result.document();
    return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
        .tag(etag(document))
        .entity(DocumentJson.receipt(document))
        .build();
  }

  /**
   * Renews the lease without a write: authorized and rate-limited as a write, but version, data and
   * {@code updatedAt} stay, and subscribers hear of it only when the document was stale.
   */
  @POST
  @Path("{id}/lease")
  public Response renew(
      @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch, InputStream body) {
    DocumentId documentId = DocumentId.of(id);
    Grant grant = grant();
    grant.require(Scope.WRITE, id);
    Precondition precondition = Precondition.of(ifMatch, null);
    Long lease = reader.readRenewal(Bodies.read(body, store.limits().maxBodyBytes()));
    Document document =
        store.renew(
            documentId, lease, precondition, new Writer(grant.subject(), grant.writesPerSecond()));
    return Response.ok(DocumentJson.renewal(document)).tag(etag(document)).build();
  }

  @GET
  @Path("{id}")
  public Response get(
      @PathParam("id") String id,
      @QueryParam("timeline") String timeline,
      @Context Request request) {
    DocumentId documentId = DocumentId.of(id);
    boolean withTimeline = flag("timeline", timeline);
    grant().require(Scope.READ, id);
    Document document = store.get(documentId);
    EntityTag tag = etag(document);
    Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
    if (notModified != null) {
      return notModified.cacheControl(NO_CACHE).build();
    }
    return Response.ok(DocumentJson.text(document, withTimeline))
        .tag(tag)
        .cacheControl(NO_CACHE)
        .build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
    DocumentId documentId = DocumentId.of(id);
    Grant grant = grant();
    grant.require(Scope.WRITE, id);
    store.delete(
        documentId,
        Precondition.of(ifMatch, null),
        new Writer(grant.subject(), grant.writesPerSecond()));
    return Response.noContent().build();
  }

  @GET
  public Response list(
      @QueryParam("prefix") String prefix,
      @QueryParam("limit") String limit,
      @QueryParam("after") String after) {
    String from = DocumentPrefix.orAll(prefix).value();
    if (after != null) {
      DocumentId.of(after);
    }
    grant().requirePrefix(Scope.READ, from);
    Page page = store.list(from, after, parseLimit(limit));
    return Response.ok(DocumentJson.page(page.documents(), page.next()))
        .cacheControl(NO_CACHE)
        .build();
  }

  private static boolean flag(String name, String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw Problem.invalid("'" + name + "' must be true or false.");
  }

  private static int parseLimit(String limit) {
    if (limit == null) {
      return 100;
    }
    try {
      return Integer.parseInt(limit);
    } catch (NumberFormatException e) {
      throw Problem.invalid("'limit' must be a whole number from 1 to " + DocumentStore.MAX_PAGE);
    }
  }

  private Grant grant() {
    return (Grant) security.getUserPrincipal();
  }

  static EntityTag etag(Document document) {
    return new EntityTag(document.epoch() + "." + document.version());
  }
}
