package com.voxell.lux.support;

import jakarta.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client of {@code /api/lux/events} on a plain socket, collecting each event's
 * JSON data. A plain socket, because closing it really disconnects (the JDK's HttpClient may keep
 * draining a cancelled body to reuse the connection, which a server cannot tell from a reader).
 */
public final class EventClient implements AutoCloseable {

  private final LinkedBlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<String> comments = new LinkedBlockingQueue<>();
  private final Socket socket;
  private final int status;
  private final Map<String, String> headers = new HashMap<>();

  private EventClient(String pathAndQuery, String key) throws IOException {
    socket = new Socket("127.0.0.1", Lux.port());
    socket.setSoTimeout(60_000);
    OutputStream out = socket.getOutputStream();
    String request =
        "GET /api/lux/events"
            + pathAndQuery
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + Lux.port()
            + "\r\nAccept: text/event-stream\r\n"
            + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = new BufferedInputStream(socket.getInputStream());
    status = Integer.parseInt(line(in).split(" ")[1]);
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
    Thread reader = new Thread(() -> read(in, chunked));
    reader.setDaemon(true);
    reader.start();
  }

  public static EventClient open(String pathAndQuery, String key) {
    try {
      return new EventClient(pathAndQuery, key);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void read(InputStream in, boolean chunked) {
    ByteArrayOutputStream pending = new ByteArrayOutputStream();
    try {
      while (true) {
        if (chunked) {
          int size = Integer.parseInt(line(in).trim(), 16);
          if (size == 0) {
            return;
          }
          pending.write(in.readNBytes(size));
          line(in);
        } else {
          int b = in.read();
          if (b < 0) {
            return;
          }
          pending.write(b);
        }
        String text = pending.toString(StandardCharsets.UTF_8);
        int end;
        while ((end = text.indexOf('\n')) >= 0) {
          event(text.substring(0, end));
          text = text.substring(end + 1);
        }
        pending.reset();
        pending.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException | RuntimeException e) {
      // the stream ended or the socket was closed
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("end of stream");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private void event(String line) {
    if (line.startsWith("data:")) {
      JsonObject event = Lux.json(line.substring(5).trim());
      if (!event.getString("type").equals("heartbeat")) {
        events.add(event);
      }
    } else if (line.startsWith(":")) {
      comments.add(line);
    }
  }

  public int status() {
    return status;
  }

  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Waits for a comment line (the keep-alive), up to 20 s. */
  public String comment() throws InterruptedException {
    String comment = comments.poll(20, TimeUnit.SECONDS);
    if (comment == null) {
      throw new AssertionError("no comment line within 20 s");
    }
    return comment;
  }

  public JsonObject next(String type) {
    try {
      JsonObject event = events.poll(20, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event within 20 s");
      }
      if (!event.getString("type").equals(type)) {
        throw new AssertionError("expected " + type + " but got " + event);
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closed anyway
    }
  }
}
