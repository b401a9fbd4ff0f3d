package dev.chirp.deploy.engine;

import dev.chirp.deploy.ChildProcess;
import dev.chirp.deploy.PortPlan;
import dev.chirp.deploy.StackLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * redis-server as a child process: the one on PATH when there is one (newer), else the Linux binary that
 * the embedded-redis jar ships. Ready when it answers PING. Snapshots every minute with a change and on shutdown,
 * without AOF: timelines a restart cut short read as stale and are rebuilt from the stores (stores/timelines README).
 */
public final class RedisEngine extends LocalEngine {
  private static final String BUNDLED = "redis-server-6.2.6-v5-linux-amd64";

  public RedisEngine(PortPlan ports) {
    super("redis", "redis", "redis", ports, null);
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    Path dir = layout.engineDir(name());
    Files.createDirectories(dir);
    List<String> command = List.of(binary(layout).toString(), "--port", Integer.toString(mainPort()),
        "--bind", "127.0.0.1", "--protected-mode", "yes", "--dir", dir.toString(), "--dbfilename", "dump.rdb",
        "--save", "60", "1", "--appendonly", "no", "--daemonize", "no");
    return ChildProcess.start(name(), command, dir, layout.log(name()), Map.of(), true);
  }

  private static Path binary(StackLayout layout) throws IOException {
    String path = System.getenv().getOrDefault("PATH", "");
    Path onPath = Stream.of(path.split(java.io.File.pathSeparator)).filter(p -> !p.isBlank())
        .map(p -> Path.of(p, "redis-server")).filter(Files::isExecutable).findFirst().orElse(null);
    if (onPath != null) return onPath;
    String os = System.getProperty("os.name").toLowerCase();
    String arch = System.getProperty("os.arch");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IOException("no redis-server on PATH and no bundled binary for " + os + "/" + arch + ": install Redis");
    }
    Path target = layout.dataDir().resolve("bin").resolve(BUNDLED);
    if (!Files.isExecutable(target)) {
      Files.createDirectories(target.getParent());
      try (InputStream in = RedisEngine.class.getClassLoader().getResourceAsStream(BUNDLED)) {
        if (in == null) throw new IOException("the embedded-redis jar on the classpath has no " + BUNDLED);
        Path partial = target.resolveSibling(BUNDLED + ".part");
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        partial.toFile().setExecutable(true);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return target;
  }

  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    Readiness.poll(process, deadline, () -> command(mainPort(), "PING").equals("+PONG"));
  }

  /** Sends one inline command and returns the first reply line: enough for PING at start-up. */
  public static String command(int port, String inline) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) line.append((char) c);
      return line.toString();
    }
  }
}
