package com.voxell.lux.wire;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * RFC 3339 UTC timestamps with exactly three fraction digits, as every Lux message carries. Every
 * update message carries four of them, so years 0–9999 are written by hand (a {@code
 * DateTimeFormatter} costs several times more); other years fall back to the formatter.
 */
public final class Timestamps {

  private static final DateTimeFormatter RFC3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String format(Instant instant) {
    LocalDateTime time =
        LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    int year = time.getYear();
    if (year < 0 || year > 9999) {
      return RFC3339_MILLIS.format(instant);
    }
    char[] text = new char[24];
    digits(text, 0, year, 4);
    text[4] = '-';
    digits(text, 5, time.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, time.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, time.getHour(), 2);
    text[13] = ':';
    digits(text, 14, time.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, time.getSecond(), 2);
    text[19] = '.';
    digits(text, 20, time.getNano() / 1_000_000, 3);
    text[23] = 'Z';
    return new String(text);
  }

  /**
   * The epoch milliseconds of a timestamp as {@link #format} writes it, read from {@code text}
   * between {@code from} and {@code to}; -1 when it is not one. Read once per message sent (the
   * stream's write-to-send metric), so the common shape is parsed by hand, like {@link #format}.
   */
  public static long parseMillis(String text, int from, int to) {
    if (!hasFormatShape(text, from, to)) {
      try {
        return Instant.parse(text.substring(from, to)).toEpochMilli();
      } catch (DateTimeException | ArithmeticException e) {
        return -1;
      }
    }
    int year = number(text, from, 4);
    int month = number(text, from + 5, 2);
    int day = number(text, from + 8, 2);
    int hour = number(text, from + 11, 2);
    int minute = number(text, from + 14, 2);
    int second = number(text, from + 17, 2);
    int millis = number(text, from + 20, 3);
    // number() answers -1 for a non-digit, and one negative field makes the OR negative
    if ((year | month | day | hour | minute | second | millis) < 0) {
      return -1;
    }
    try {
      long seconds =
          LocalDateTime.of(year, month, day, hour, minute, second).toEpochSecond(ZoneOffset.UTC);
      return seconds * 1000 + millis;
    } catch (DateTimeException e) {
      return -1;
    }
  }

  /**
   * Whether the separators stand where {@link #format} puts them ({@code
   * uuuu-MM-ddTHH:mm:ss.SSSZ}).
   */
  private static boolean hasFormatShape(String text, int from, int to) {
    return to - from == 24
        && text.charAt(from + 4) == '-'
        && text.charAt(from + 7) == '-'
        && text.charAt(from + 10) == 'T'
        && text.charAt(from + 13) == ':'
        && text.charAt(from + 16) == ':'
        && text.charAt(from + 19) == '.'
        && text.charAt(from + 23) == 'Z';
  }

  /** The decimal number in {@code width} characters at {@code at}, or -1 if one is no digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
