package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.Document;
import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.problems.entity.Problem;
import com.voxell.lux.support.HostileBodies;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes arrive, the reader and the store answer with a precise refusal (400 or 413) or
 * accept a valid write; they never fail otherwise, and a refusal never changes the document.
 */
class WriteInputPropertyTest {

  private static final Set<Integer> REFUSALS = Set.of(400, 413);
  private static final Writer WRITER = Writer.unlimited("props");

  private final WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);

  @Provide
  Arbitrary<byte[]> bodies() {
    return HostileBodies.any();
  }

  @Provide
  Arbitrary<String> ids() {
    return HostileBodies.ids();
  }

  @Property(tries = 400)
  void readerAcceptsOrRefusesWith400(@ForAll("bodies") byte[] body) {
    try {
      assertThat(reader.read(body).data()).isNotNull();
    } catch (Problem refused) {
      assertThat(refused.status()).isEqualTo(400);
    }
  }

  @Property(tries = 400)
  void aRefusedWriteChangesNothing(@ForAll("bodies") byte[] body, @ForAll boolean patch) {
    DocumentStore store =
        new DocumentStore(new LocalBackplane(), Limits.DEFAULTS, Clock.systemUTC());
    DocumentId id = DocumentId.of("workflow-props");
    store.write(
        id,
        WriteKind.PUT,
        reader.read("{\"data\":{\"step\":\"seed\"}}".getBytes(StandardCharsets.UTF_8)),
        Precondition.NONE,
        WRITER);
    Document before = store.get(id);
    try {
      store.write(
          id,
          patch ? WriteKind.PATCH : WriteKind.PUT,
          reader.read(body),
          Precondition.NONE,
          WRITER);
      assertThat(store.get(id).version()).isEqualTo(before.version() + 1);
    } catch (Problem refused) {
      assertThat(refused.status()).isIn(REFUSALS);
      Document after = store.get(id);
      assertThat(after.version()).isEqualTo(before.version());
      assertThat(after.data()).isEqualTo(before.data());
      assertThat(store.size()).isEqualTo(1);
    }
  }

  @Property(tries = 1000)
  void idsAreValidOrRefusedWith400(@ForAll("ids") String id) {
    try {
      assertThat(DocumentId.of(id).value()).isEqualTo(id);
    } catch (Problem refused) {
      assertThat(refused.status()).isEqualTo(400);
    }
  }
}
