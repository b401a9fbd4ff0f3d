package dev.chirp.store.events;

import dev.chirp.common.error.ApiException;
import dev.chirp.common.events.ChirpEvent;
import dev.chirp.common.events.ChirpEvent.Followed;
import dev.chirp.store.events.MarkedPublish.AwaitClear;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkedPublishTest {
  private static final ChirpEvent EVENT = new Followed(1, 2);
  private final List<String> calls = new ArrayList<>();

  private MarkedPublish.Mark mark(Future<Void> clear, Future<Void> giveBack) {
    return new MarkedPublish.Mark() {
      @Override
      public Future<Void> clear() {
        calls.add("clear");
        return clear;
      }

      @Override
      public Future<Void> giveBack() {
        calls.add("giveBack");
        return giveBack;
      }
    };
  }

  private MarkedPublish.Publisher publisher(Future<?> outcome) {
    return event -> {
      calls.add("publish " + event);
      return outcome;
    };
  }

  @Test
  void theMarkIsClearedOnlyAfterTheAcknowledgement() {
    Promise<Void> ack = Promise.promise();
    Future<Void> done = MarkedPublish.publish(publisher(ack.future()), EVENT, mark(Future.succeededFuture(), null), AwaitClear.YES);
    assertThat(calls).containsExactly("publish " + EVENT);
    ack.complete();
    assertThat(calls).containsExactly("publish " + EVENT, "clear");
    assertThat(done.succeeded()).isTrue();
  }

  @Test
  void aFailedPublishGivesTheMarkBackAndFailsWithThePublishsFailure() {
    ApiException down = ApiException.unavailable("pulsar", null);
    Future<Void> done = MarkedPublish.publish(publisher(Future.failedFuture(down)), EVENT,
        mark(Future.succeededFuture(), Future.failedFuture("cassandra down too")), AwaitClear.YES);
    assertThat(calls).containsExactly("publish " + EVENT, "giveBack");
    assertThat(done.cause()).isSameAs(down);
  }

  @Test
  void anAcknowledgedEventSucceedsEvenIfItsMarkStayed() {
    Future<Void> done = MarkedPublish.publish(publisher(Future.succeededFuture()), EVENT,
        mark(Future.failedFuture("neo4j down"), null), AwaitClear.YES);
    assertThat(done.succeeded()).isTrue();
  }

  @Test
  void withoutAwaitingTheClearTheCallerIsAnsweredOnTheAcknowledgement() {
    Promise<Void> clear = Promise.promise();
    Future<Void> done = MarkedPublish.publish(publisher(Future.succeededFuture()), EVENT, mark(clear.future(), null), AwaitClear.NO);
    assertThat(done.succeeded()).isTrue();
    Future<Void> waiting = MarkedPublish.publish(publisher(Future.succeededFuture()), EVENT, mark(clear.future(), null), AwaitClear.YES);
    assertThat(waiting.isComplete()).isFalse();
    clear.complete();
    assertThat(waiting.succeeded()).isTrue();
  }
}
