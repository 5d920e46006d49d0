package com.voxell.lux.documents.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.voxell.lux.documents.entity.DocumentId;
import com.voxell.lux.documents.entity.Limits;
import com.voxell.lux.documents.entity.Precondition;
import com.voxell.lux.documents.entity.WriteKind;
import com.voxell.lux.documents.entity.Writer;
import com.voxell.lux.support.MutableClock;
import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PATCH follows RFC 7396: the cases of its Appendix A whose target and patch are objects (a
 * document's data is always an object), applied through the store.
 */
class MergePatchTest {

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"a\":\"b\"}             | {\"a\":\"c\"}             | {\"a\":\"c\"}",
        "{\"a\":\"b\"}             | {\"b\":\"c\"}             | {\"a\":\"b\",\"b\":\"c\"}",
        "{\"a\":\"b\"}             | {\"a\":null}              | {}",
        "{\"a\":\"b\",\"b\":\"c\"} | {\"a\":null}              | {\"b\":\"c\"}",
        "{\"a\":[\"b\"]}           | {\"a\":\"c\"}             | {\"a\":\"c\"}",
        "{\"a\":\"c\"}             | {\"a\":[\"b\"]}           | {\"a\":[\"b\"]}",
        "{\"a\":{\"b\":\"c\"}}     | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
        "{\"a\":[{\"b\":\"c\"}]}   | {\"a\":[1]}               | {\"a\":[1]}",
        "{\"e\":null}              | {\"a\":1}                 | {\"e\":null,\"a\":1}",
        "{}                        | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}",
      })
  void appendixA(String target, String patch, String expected) {
    DocumentStore store =
        new DocumentStore(
            new LocalBackplane(), Limits.DEFAULTS, MutableClock.atEpochMillis(1_000_000));
    WriteRequestReader reader = new WriteRequestReader(Limits.DEFAULTS);
    DocumentId id = DocumentId.of("doc");
    Writer writer = Writer.unlimited("t");
    store.write(
        id,
        WriteKind.PUT,
        reader.read(("{\"data\":" + target + "}").getBytes()),
        Precondition.NONE,
        writer);
    store.write(
        id,
        WriteKind.PATCH,
        reader.read(("{\"data\":" + patch + "}").getBytes()),
        Precondition.NONE,
        writer);
    assertThat(store.get(id).data()).isEqualTo(parse(expected));
  }

  private static jakarta.json.JsonObject parse(String json) {
    return jakarta.json.Json.createReader(new StringReader(json)).readObject();
  }
}
