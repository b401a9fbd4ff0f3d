package dev.chirp.common;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned step of a store's schema: statements run in order, each idempotent ({@code IF NOT EXISTS}), so a
 * step interrupted before it was recorded can simply run again. A store keeps its steps beside its code as
 * {@code schema/<engine>/V<version>__<description>.<ext>} (description words separated by {@code _}) and lists
 * them oldest first; a schema change is a new file, never an edit of one that may have been applied somewhere.
 */
public record Migration(int version, String description, List<String> statements) {
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d{1,9})__([A-Za-z0-9_]+)\\.[A-Za-z]+");

  public Migration {
    if (version < 1) throw new IllegalArgumentException("migration versions start at 1, not " + version);
    if (description == null || description.isBlank()) throw new IllegalArgumentException("migration " + version + " has no description");
    statements = List.copyOf(statements);
    if (statements.isEmpty()) throw new IllegalArgumentException("migration " + version + " has no statements");
  }

  /**
   * The script {@code resource} on the classpath, passed through {@code edit} (e.g. to fill in a keyspace), split
   * into statements with {@link Resources#statements}; version and description come from its file name.
   */
  public static Migration fromResource(String resource, String commentPrefix, UnaryOperator<String> edit) {
    String fileName = resource.substring(resource.lastIndexOf('/') + 1);
    Matcher name = FILE_NAME.matcher(fileName);
    if (!name.matches()) {
      throw new IllegalArgumentException("a migration script is named V<version>__<description>.<ext>, not " + fileName);
    }
    return new Migration(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '),
        Resources.statements(edit.apply(Resources.read(resource)), commentPrefix));
  }

  /** {@code V001 tables}: how the schema program names a step in what it prints. */
  public String label() {
    return String.format("V%03d %s", version, description);
  }
}
