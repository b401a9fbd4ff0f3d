package dev.chirp.deploy.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Component config files live as resources under engines/; {{name}} placeholders are filled in at start. */
final class Templates {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");

  private Templates() {
  }

  static void render(String resource, Map<String, ?> values, Path target) throws IOException {
    String text;
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream("engines/" + resource)) {
      if (in == null) throw new IllegalStateException("missing template engines/" + resource);
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      if (value == null) throw new IllegalStateException("template " + resource + " needs a value for " + matcher.group(1));
      matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
    }
    matcher.appendTail(out);
    Files.createDirectories(target.getParent());
    Files.writeString(target, out.toString(), StandardCharsets.UTF_8);
  }
}
