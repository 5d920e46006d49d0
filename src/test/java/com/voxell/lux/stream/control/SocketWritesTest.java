package com.voxell.lux.stream.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.access.entity.Grant;
import com.voxell.lux.access.entity.Scope;
import com.voxell.lux.documents.control.DocumentStore;
import com.voxell.lux.documents.control.ItemWriter;
import com.voxell.lux.documents.control.LocalBackplane;
import com.voxell.lux.documents.control.WriteRequestReader;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.wire.JsonText;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketWritesTest {

  private final DocumentStore store =
      new DocumentStore(new LocalBackplane(), Limits.DEFAULTS, Clock.systemUTC());
  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
  private final SocketWrites writes = new SocketWrites(new ItemWriter(store, reader));

  private static Grant grant(Scope... scopes) {
    return new Grant("agents", Set.of(scopes), false, List.of("workflow-"), Set.of(), 0, null);
  }

  private JsonObject send(String message, Grant grant) {
    JsonObject parsed = reader.parse(message, 1);
    assertThat(SocketWrites.isWrite(parsed)).isTrue();
    return JsonText.PROVIDER
        .createReader(new StringReader(writes.write(parsed, grant)))
        .readObject();
  }

  @Test
  void writesAreAckedWithTheClientsRef() {
    Grant agents = grant(Scope.READ, Scope.WRITE);
    JsonObject created =
        send("{\"op\":\"put\",\"id\":\"workflow-1\",\"data\":{\"a\":1},\"ref\":7}", agents);
    assertThat(created.getString("type")).isEqualTo("ack");
    assertThat(created.getInt("ref")).isEqualTo(7);
    assertThat(created.getString("id")).isEqualTo("workflow-1");
    assertThat(created.getInt("status")).isEqualTo(201);
    assertThat(created.getInt("version")).isEqualTo(1);
    JsonObject patched =
        send("{\"op\":\"patch\",\"id\":\"workflow-1\",\"data\":{\"b\":2},\"ref\":\"x8\"}", agents);
    assertThat(patched.getString("ref")).isEqualTo("x8");
    assertThat(patched.getInt("version")).isEqualTo(2);
    assertThat(patched.getString("epoch")).isEqualTo(created.getString("epoch"));
    assertThat(store.find("workflow-1").data().toString()).isEqualTo("{\"a\":1,\"b\":2}");
    JsonObject deleted = send("{\"op\":\"delete\",\"id\":\"workflow-1\",\"ref\":9}", agents);
    assertThat(deleted.getInt("status")).isEqualTo(204);
    assertThat(deleted.containsKey("version")).isFalse();
  }

  @Test
  void refusalsAreErrorsCarryingTheRef() {
    JsonObject readOnly =
        send("{\"op\":\"put\",\"id\":\"workflow-2\",\"data\":{},\"ref\":3}", grant(Scope.READ));
    assertThat(readOnly.getString("type")).isEqualTo("error");
    assertThat(readOnly.getInt("ref")).isEqualTo(3);
    assertThat(readOnly.getString("id")).isEqualTo("workflow-2");
    assertThat(readOnly.getInt("status")).isEqualTo(403);
    assertThat(readOnly.getString("detail")).contains("write");

    Grant agents = grant(Scope.WRITE);
    JsonObject outside =
        send("{\"op\":\"put\",\"id\":\"billing-1\",\"data\":{},\"ref\":4}", agents);
    assertThat(outside.getInt("status")).isEqualTo(403);
    assertThat(outside.getInt("ref")).isEqualTo(4);
    assertThat(send("{\"op\":\"put\",\"id\":\"workflow-3\",\"ref\":5}", agents).getInt("status"))
        .isEqualTo(400);
    assertThat(send("{\"op\":\"delete\",\"id\":\"workflow-3\",\"ref\":6}", agents).getInt("status"))
        .isEqualTo(404);
    assertThat(
            send("{\"op\":\"put\",\"id\":\"workflow-3\",\"data\":{},\"ref\":{}}", agents)
                .containsKey("ref"))
        .isFalse();
    assertThat(store.size()).isZero();
  }

  @Test
  void subscriptionsAreNotWrites() {
    assertThat(SocketWrites.isWrite(reader.parse("{\"op\":\"subscribe\",\"ids\":[\"a\"]}", 1)))
        .isFalse();
    assertThat(SocketWrites.isWrite(reader.parse("{\"op\":5}", 1))).isFalse();
  }
}
