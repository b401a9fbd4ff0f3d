package dev.chirp.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChirpDrillTest {
  @Test
  void drillNamesAreUniqueAndListedInTheHelp() {
    List<String> names = Drill.ALL.stream().map(Drill::name).toList();
    assertThat(names).doesNotHaveDuplicates().contains("redis-write-outage", "neo4j-outage", "cassandra-outage",
        "redis-stale-snapshot", "poison-event", "follow-storm");
    String help = String.join("\n", ChirpDrill.footer());
    names.forEach(name -> assertThat(help).contains("  " + name + " "));
  }

  @Test
  void onlyTheDrillsWhereRedisLosesWritesReadThroughTheApiFirst() {
    assertThat(Drill.ALL.stream().filter(Drill::readsThroughApiFirst).map(Drill::name))
        .containsExactlyInAnyOrder("redis-kill", "redis-stale-snapshot");
  }

  @Test
  void deadLettersShowWhatWasAddedAndForThePoisonDrillHowManyWereOurs() {
    var before = new DeadLetterCounter.Count(5, 0);
    assertThat(ChirpDrill.DrillResult.deadLetters(before, new DeadLetterCounter.Count(5, 0), 0)).isEqualTo("0");
    assertThat(ChirpDrill.DrillResult.deadLetters(before, new DeadLetterCounter.Count(8, 2), 2)).isEqualTo("3 (2/2)");
    assertThat(ChirpDrill.DrillResult.deadLetters(null, new DeadLetterCounter.Count(8, 2), 2)).isEqualTo("?");
  }
}
