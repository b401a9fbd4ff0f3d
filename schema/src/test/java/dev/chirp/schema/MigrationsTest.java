package dev.chirp.schema;

import dev.chirp.common.Migration;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {
  private static final Migration V1 = new Migration(1, "tables", List.of("create a", "create b"));
  private static final Migration V2 = new Migration(2, "more", List.of("create c"));
  private static final Migration V3 = new Migration(3, "even more", List.of("create d", "create e"));

  /** A database in memory: what ran, in order, and which versions are recorded per store. */
  private static final class FakeLedger implements MigrationLedger {
    final List<String> log = new ArrayList<>();
    final Map<String, List<Integer>> recorded = new HashMap<>();
    String failOn;

    @Override
    public int appliedVersion(String store) {
      return recorded.getOrDefault(store, List.of()).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    @Override
    public void execute(String statement) {
      if (statement.equals(failOn)) throw new IllegalStateException("boom");
      log.add(statement);
    }

    @Override
    public void record(String store, Migration migration) {
      log.add("record " + store + " " + migration.version());
      recorded.computeIfAbsent(store, s -> new ArrayList<>()).add(migration.version());
    }
  }

  @Test
  void anEmptyDatabaseGetsEveryVersionInOrderEachRecordedAfterItsStatements() {
    FakeLedger db = new FakeLedger();
    MigrationResult result = Migrations.apply("tweets", "here", List.of(V1, V2, V3), db, line -> { });
    assertThat(db.log).containsExactly("create a", "create b", "record tweets 1", "create c", "record tweets 2",
        "create d", "create e", "record tweets 3");
    assertThat(result.fromVersion()).isZero();
    assertThat(result.toVersion()).isEqualTo(3);
    assertThat(result.applied()).containsExactly(1, 2, 3);
  }

  @Test
  void onlyVersionsAboveTheHighestRecordedAreApplied() {
    FakeLedger db = new FakeLedger();
    db.recorded.put("tweets", new ArrayList<>(List.of(1)));
    MigrationResult result = Migrations.apply("tweets", "here", List.of(V1, V2, V3), db, line -> { });
    assertThat(db.log).containsExactly("create c", "record tweets 2", "create d", "create e", "record tweets 3");
    assertThat(result.applied()).containsExactly(2, 3);
    assertThat(result.fromVersion()).isEqualTo(1);
  }

  @Test
  void aSecondRunChangesNothing() {
    FakeLedger db = new FakeLedger();
    Migrations.apply("tweets", "here", List.of(V1, V2), db, line -> { });
    db.log.clear();
    List<String> printed = new ArrayList<>();
    MigrationResult again = Migrations.apply("tweets", "here", List.of(V1, V2), db, printed::add);
    assertThat(db.log).isEmpty();
    assertThat(again.applied()).isEmpty();
    assertThat(again.fromVersion()).isEqualTo(2).isEqualTo(again.toVersion());
    assertThat(printed).singleElement().asString().contains("up to date");
  }

  @Test
  void storesAreVersionedApart() {
    FakeLedger db = new FakeLedger();
    db.recorded.put("graph", new ArrayList<>(List.of(1, 2, 3)));
    assertThat(Migrations.apply("tweets", "here", List.of(V1), db, line -> { }).applied()).containsExactly(1);
  }

  @Test
  void aDatabaseAtAVersionTheCodeDoesNotKnowIsRefusedAndLeftAlone() {
    FakeLedger db = new FakeLedger();
    db.recorded.put("tweets", new ArrayList<>(List.of(1, 2, 3)));
    assertThatThrownBy(() -> Migrations.apply("tweets", "here", List.of(V1, V2), db, line -> { }))
        .isInstanceOfSatisfying(SchemaVersionException.class, e -> {
          assertThat(e.recorded()).isEqualTo(3);
          assertThat(e.known()).isEqualTo(2);
          assertThat(e.getMessage()).contains("version 3", "tweets", "up to 2");
        });
    assertThat(db.log).isEmpty();
  }

  @Test
  void aFailingStepStaysUnrecordedSoTheNextRunStartsWithIt() {
    FakeLedger db = new FakeLedger();
    db.failOn = "create d";
    assertThatThrownBy(() -> Migrations.apply("tweets", "here", List.of(V1, V2, V3), db, line -> { }))
        .hasMessageContaining("V003 even more").hasMessageContaining("statement 1 of 2").hasMessageContaining("boom");
    assertThat(db.recorded.get("tweets")).containsExactly(1, 2);
    db.failOn = null;
    db.log.clear();
    assertThat(Migrations.apply("tweets", "here", List.of(V1, V2, V3), db, line -> { }).applied()).containsExactly(3);
    assertThat(db.log).containsExactly("create d", "create e", "record tweets 3");
  }

  @Test
  void migrationsMustBeInAscendingOrder() {
    assertThatThrownBy(() -> Migrations.pending("tweets", List.of(V2, V1), 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> Migrations.checkOrdered("tweets", List.of(V1, V1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(Migrations.pending("tweets", List.of(V1, V3), 1)).containsExactly(V3);
    assertThat(Migrations.pending("tweets", List.of(), 0)).isEmpty();
  }

  @Test
  void aMigrationHasAVersionFromOneADescriptionAndStatements() {
    assertThatThrownBy(() -> new Migration(0, "x", List.of("s"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Migration(1, " ", List.of("s"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Migration(1, "x", List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(V3.label()).isEqualTo("V003 even more");
  }
}
