package com.voxell.lux.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A server (or a server's command-line tool) the tests start themselves, its output in a log file
 * under target/servers/logs. Stopped by its own PID and its children's, never by name.
 */
public final class ServerProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  public static Path logs() {
    Path logs = Path.of(System.getProperty("lux.servers", "target/servers"), "logs");
    try {
      return Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ServerProcess start(String name, List<String> command, Map<String, String> env) {
    Path log = logs().resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    try {
      return new ServerProcess(name, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs a command-line tool to its end; fails with its output when it fails. */
  public static void run(
      String name, List<String> command, Map<String, String> env, Duration limit) {
    try (ServerProcess tool = start(name, command, env)) {
      if (!tool.process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not finish in " + limit + "\n" + tool.tail());
      }
      if (tool.process.exitValue() != 0) {
        throw new AssertionError(
            name + " failed (" + tool.process.exitValue() + ")\n" + tool.tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code signal} ({@code STOP}, {@code CONT}, …) to the live processes among {@code
   * processes}: SIGSTOP freezes a JVM as a long GC pause or a stopped VM does.
   */
  public static void signal(String signal, List<ProcessHandle> processes) {
    List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
    processes.stream()
        .filter(ProcessHandle::isAlive)
        .forEach(process -> command.add(Long.toString(process.pid())));
    if (command.size() > 2) {
      run("kill-" + signal, command, Map.of(), Duration.ofSeconds(10));
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;]*m", "");
    } catch (IOException e) {
      return "";
    }
  }

  /** The end of the log, for a failure message. */
  public String tail() {
    String text = log();
    return "--- "
        + name
        + " log ("
        + log
        + ") ---\n"
        + text.substring(Math.max(0, text.length() - 6000));
  }

  /** SIGTERM to the process and its children, then a kill if they outlive the grace period. */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    awaitExit(process.toHandle(), Duration.ofSeconds(60));
    children.forEach(child -> awaitExit(child, Duration.ofSeconds(30)));
  }

  /**
   * Waits up to {@code grace} for a process that was told to stop; kills it if it outlives that.
   */
  public static void awaitExit(ProcessHandle process, Duration grace) {
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // still running: killed below
    }
    process.destroyForcibly();
    process.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(failure -> null).join();
  }

  /** A free loopback port. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A base such that base + each offset is a free port, for servers that derive their ports. */
  public static int freeBase(int from, int to, int... offsets) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(from, to);
      boolean free = true;
      for (int offset : offsets) {
        free &= isFree(base + offset);
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no free port block found");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static File file(String property, String fallback) {
    return new File(System.getProperty(property, fallback)).getAbsoluteFile();
  }

  /** Copies a directory tree into {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  /** Deletes a directory tree, if there is one. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
