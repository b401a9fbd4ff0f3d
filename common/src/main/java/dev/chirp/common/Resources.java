package dev.chirp.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Text files on the classpath: the stores' schema scripts, Lua scripts and topic lists live next to their code. */
public final class Resources {
  private Resources() {
  }

  public static String read(String resource) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The statements of a script, split at semicolons, without lines that start with {@code commentPrefix}. */
  public static List<String> statements(String script, String commentPrefix) {
    String withoutComments = script.lines().filter(l -> !l.strip().startsWith(commentPrefix))
        .reduce("", (a, b) -> a + b + "\n");
    return Arrays.stream(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The non-blank lines of a list file, without {@code #} comments. */
  public static List<String> lines(String resource) {
    return read(resource).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
