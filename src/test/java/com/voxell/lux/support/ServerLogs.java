package com.voxell.lux.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The console output of the integration-test servers, as failsafe keeps it ({@code
 * redirectTestOutputToFile}: one {@code *-output.txt} per IT class, holding the Payara Micro output
 * that the Arquillian connector prints with {@code outputToConsole}), searched for secrets and for
 * Lux's own warnings.
 */
public final class ServerLogs {

  /** Lines a server prints once per boot (Payara Micro, WildFly): proof a file holds its log. */
  static final List<String> BOOT_LINES = List.of("Payara Micro URLs:", "WFLYSRV0025: WildFly");

  private static final Pattern ANSI_COLOURS = Pattern.compile("\u001b\\[[0-9;]*m");

  // Payara's record: [time] [] [LEVEL] [message id] [logger] [tid: ...] ...
  // WildFly's: time LEVEL [logger] (thread) ...
  private static final Pattern LUX_WARNING =
      Pattern.compile(
          "^\\[[^\\]]*\\] \\[[^\\]]*\\] \\[(WARNING|SEVERE)\\] \\[[^\\]]*\\] \\[com\\.voxell\\.lux\\."
              + "|^[0-9:,]+ (WARN|ERROR) +\\[com\\.voxell\\.lux\\.");

  private final List<Path> files;

  private ServerLogs(List<Path> files) {
    this.files = files;
  }

  public static ServerLogs in(Path reports) {
    if (!Files.isDirectory(reports)) {
      return new ServerLogs(List.of());
    }
    try (Stream<Path> listing = Files.list(reports)) {
      return new ServerLogs(
          listing
              .filter(file -> file.getFileName().toString().endsWith("-output.txt"))
              .sorted()
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many server boots the files record. */
  public int boots() {
    int boots = 0;
    for (Path file : files) {
      boots +=
          (int)
              read(file)
                  .lines()
                  .filter(line -> BOOT_LINES.stream().anyMatch(line::contains))
                  .count();
    }
    return boots;
  }

  /**
   * Where any of the {@code secrets} occurs, as "file:line: secret #n" (never the secret itself, so
   * this report cannot leak what it found).
   */
  public List<String> leaks(List<String> secrets) {
    return scan(
        (text, where, found) -> {
          for (int n = 0; n < secrets.size(); n++) {
            String secret = secrets.get(n);
            if (!secret.isEmpty() && text.contains(secret)) {
              found.add(where + ": secret #" + n);
            }
          }
        });
  }

  /**
   * Where Lux's own code logged a warning or an error, as "file:line: text": in a test run each one
   * is a failure no answer showed (a broken listener, a lane task that threw, an unexpected error).
   */
  public List<String> luxWarnings() {
    return scan(
        (text, where, found) -> {
          String plain = ANSI_COLOURS.matcher(text).replaceAll("");
          if (LUX_WARNING.matcher(plain).find()) {
            found.add(where + ": " + plain);
          }
        });
  }

  /** Looks at one line of output ({@code where} is "file:line") and adds what it finds. */
  private interface LineCheck {
    void check(String text, String where, List<String> found);
  }

  private List<String> scan(LineCheck check) {
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = read(file).lines().toList();
      for (int line = 0; line < lines.size(); line++) {
        check.check(lines.get(line), file.getFileName() + ":" + (line + 1), found);
      }
    }
    return found;
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
