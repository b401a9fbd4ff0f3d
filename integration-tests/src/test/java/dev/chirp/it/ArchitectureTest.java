package dev.chirp.it;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.chirp.store.events.EventPublisher;
import dev.chirp.store.graph.FollowGraphWriter;
import dev.chirp.store.timelines.TimelineWriter;
import dev.chirp.store.tweets.TweetWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layout's promises, checked on the compiled main code of every module: each store has one writer that only
 * its owner reaches, services never reach each other, stores never reach services or each other, and common
 * carries no engine driver.
 */
class ArchitectureTest {
  private static final String[] DRIVERS = {"com.datastax..", "org.neo4j.driver..", "org.apache.pulsar..", "io.vertx.redis.."};
  private static JavaClasses main;

  @BeforeAll
  static void importMainCode() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.chirp");
    // Every module's main code is on this module's classpath; a rule over nothing would pass for nothing.
    for (String module : List.of("common", "store.tweets", "store.graph", "store.timelines", "store.events", "tweet", "follow",
        "timeline", "fanout", "bench", "deploy")) {
      assertThat(main.stream().filter(c -> c.getPackageName().startsWith("dev.chirp." + module)).count()).as(module).isPositive();
    }
  }

  @Test
  void theTweetStoreIsWrittenByTweetSvcAlone() {
    onlyReachedFrom(TweetWriter.class, "dev.chirp.tweet..", "dev.chirp.store.tweets..");
  }

  @Test
  void theFollowGraphIsWrittenByFollowSvcAlone() {
    onlyReachedFrom(FollowGraphWriter.class, "dev.chirp.follow..", "dev.chirp.store.graph..");
  }

  @Test
  void homeTimelinesAreWrittenByTheFanoutWorkerAndTheRebuildAlone() {
    onlyReachedFrom(TimelineWriter.class, "dev.chirp.fanout..", "dev.chirp.timeline..", "dev.chirp.store.timelines..");
  }

  @Test
  void eventsArePublishedByTheServicesThatOwnTheChanges() {
    onlyReachedFrom(EventPublisher.class, "dev.chirp.tweet..", "dev.chirp.follow..", "dev.chirp.store.events..");
  }

  @Test
  void servicesNeverReachEachOther() {
    slices().matching("dev.chirp.(tweet|follow|timeline|fanout)..").should().notDependOnEachOther().check(main);
  }

  @Test
  void storesNeverReachEachOtherNorAnyService() {
    slices().matching("dev.chirp.store.(*)..").should().notDependOnEachOther().check(main);
    noClasses().that().resideInAPackage("dev.chirp.store..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.chirp.tweet..", "dev.chirp.follow..", "dev.chirp.timeline..", "dev.chirp.fanout..",
            "dev.chirp.bench..", "dev.chirp.deploy..").check(main);
  }

  @Test
  void commonCarriesNoEngineDriverAndKnowsNoStore() {
    noClasses().that().resideInAPackage("dev.chirp.common..").should().dependOnClassesThat().resideInAnyPackage(DRIVERS)
        .check(main);
    noClasses().that().resideInAPackage("dev.chirp.common..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.chirp.store..", "dev.chirp.tweet..", "dev.chirp.follow..", "dev.chirp.timeline..",
            "dev.chirp.fanout..").check(main);
  }

  @Test
  void eachServiceUsesOnlyTheDriversOfTheEnginesItNeeds() {
    noClasses().that().resideInAPackage("dev.chirp.follow..").should().dependOnClassesThat()
        .resideInAnyPackage("com.datastax..", "io.vertx.redis..").check(main);
    noClasses().that().resideInAPackage("dev.chirp.tweet..").should().dependOnClassesThat()
        .resideInAnyPackage("io.vertx.redis..").check(main);
    noClasses().that().resideInAPackage("dev.chirp.timeline..").should().dependOnClassesThat()
        .resideInAnyPackage("org.apache.pulsar..").check(main);
  }

  @Test
  void theBenchLoadsDataThroughTheStoresNotThroughServices() {
    noClasses().that().resideInAPackage("dev.chirp.bench..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.chirp.tweet..", "dev.chirp.follow..", "dev.chirp.timeline..", "dev.chirp.fanout..")
        .check(main);
  }

  private static void onlyReachedFrom(Class<?> writer, String... packages) {
    ArchRule rule = classes().that().areAssignableTo(writer).should().onlyHaveDependentClassesThat().resideInAnyPackage(packages);
    rule.check(main);
  }
}
