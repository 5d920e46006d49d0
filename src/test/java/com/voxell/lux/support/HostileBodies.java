package com.voxell.lux.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Request bodies an attacker or a broken client might send: random JSON (often almost a valid
 * write), deep nesting, huge strings, invalid UTF-8 and plain noise. Shared by the fast property
 * tests and the bounded run against a real server.
 */
public final class HostileBodies {

  private HostileBodies() {}

  /** Every kind of hostile body. */
  public static Arbitrary<byte[]> any() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, envelopes().map(HostileBodies::utf8)),
        Tuple.of(2, json(4).map(HostileBodies::utf8)),
        Tuple.of(1, deepNesting()),
        Tuple.of(1, hugeStrings()),
        Tuple.of(2, invalidUtf8()),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(200)));
  }

  /** {@code {"data":…}} with random data and, sometimes, random extra fields. */
  public static Arbitrary<String> envelopes() {
    Arbitrary<String> extra =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            json(1).map(value -> ",\"lease\":" + value),
            json(1).map(value -> ",\"ttl\":" + value),
            Combinators.combine(Arbitraries.strings().ofMaxLength(6), json(1))
                .as((name, value) -> "," + quote(name) + ":" + value));
    return Combinators.combine(json(4), extra).as((data, more) -> "{\"data\":" + data + more + "}");
  }

  /** Random JSON text, nested up to {@code depth} levels, sometimes not quite JSON. */
  public static Arbitrary<String> json(int depth) {
    Arbitrary<String> leaf =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(24).map(HostileBodies::quote),
            Arbitraries.longs().map(String::valueOf),
            Arbitraries.doubles().map(String::valueOf),
            Arbitraries.of("true", "false", "null", "1e999", "-0", "01", "\"\\ud800\"", ""));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<String> inner = json(depth - 1);
    Arbitrary<String> array =
        inner.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
    Arbitrary<String> object =
        Combinators.combine(Arbitraries.strings().ofMaxLength(10), inner)
            .as((name, value) -> quote(name) + ":" + value)
            .list()
            .ofMaxSize(5)
            .map(fields -> "{" + String.join(",", fields) + "}");
    return Arbitraries.frequencyOf(Tuple.of(2, leaf), Tuple.of(1, array), Tuple.of(3, object));
  }

  /** {@code data} nested from 1 to 5,000 levels, objects and arrays mixed. */
  public static Arbitrary<byte[]> deepNesting() {
    return Combinators.combine(Arbitraries.integers().between(1, 5000), Arbitraries.of('{', '['))
        .as(
            (levels, open) -> {
              StringBuilder body = new StringBuilder("{\"data\":");
              for (int i = 0; i < levels; i++) {
                body.append(open == '{' ? "{\"a\":" : "[");
              }
              body.append('1');
              for (int i = 0; i < levels; i++) {
                body.append(open == '{' ? '}' : ']');
              }
              return utf8(body.append('}').toString());
            });
  }

  /** One string field from empty to 200,000 characters, some of them outside ASCII. */
  public static Arbitrary<byte[]> hugeStrings() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 200_000), Arbitraries.of("x", "é", "😀", "\\n"))
        .as((length, unit) -> utf8("{\"data\":{\"s\":\"" + unit.repeat(length) + "\"}}"));
  }

  /** A valid write whose text has bytes that are not UTF-8 spliced in. */
  public static Arbitrary<byte[]> invalidUtf8() {
    Arbitrary<byte[]> bad =
        Arbitraries.of(
            new byte[] {(byte) 0xff},
            new byte[] {(byte) 0xc0, (byte) 0x80},
            new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            new byte[] {(byte) 0x80});
    return Combinators.combine(envelopes(), bad, Arbitraries.integers().between(0, 1000))
        .as(
            (text, noise, at) -> {
              byte[] body = utf8(text);
              int cut = Math.min(at, body.length);
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              out.write(body, 0, cut);
              out.writeBytes(noise);
              out.write(body, cut, body.length - cut);
              return out.toByteArray();
            });
  }

  /** Ids a path might carry: valid ones, near misses, reserved words and noise. */
  public static Arbitrary<String> ids() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(210),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(40),
        Arbitraries.of("stream", "batch", "tokens", "admin", ".", "..", "-a", "a b", "a%2Fb"));
  }

  public static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
