package dev.chirp.deploy;

import dev.chirp.deploy.engine.EngineSettings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code up --replicas}: which counts it accepts, how it refuses the rest, and that a detached stack keeps them. */
class ReplicasOptionTest {
  private static UpCommand up(String... args) {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs(args);
    return up;
  }

  @Test
  void namesServicesWithTheirInstanceCounts() {
    assertThat(up("--replicas", "fanout-worker=3,tweet-svc=2").replicas)
        .containsExactly(Map.entry("fanout-worker", 3), Map.entry("tweet-svc", 2));
    assertThat(up("--replicas", "timeline-svc=2", "--replicas", "follow-svc=8").replicas)
        .containsOnly(Map.entry("timeline-svc", 2), Map.entry("follow-svc", 8));
  }

  @Test
  void withoutTheOptionEveryServiceRunsOnce() {
    Map<String, Integer> none = up().replicas;
    assertThat(none).isEmpty();
    assertThat(Replicas.of(none, "tweet-svc")).isEqualTo(1);
  }

  @Test
  void anUnknownServiceIsAParameterErrorNamingIt() {
    assertThatThrownBy(() -> up("--replicas", "tweet-svc=2,mail-svc=2")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("--replicas").hasMessageContaining("'mail-svc'").hasMessageContaining("tweet-svc, follow-svc");
  }

  @Test
  void countsOutside1To8AreParameterErrors() {
    assertThatThrownBy(() -> up("--replicas", "tweet-svc=0")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("1..8 instances, not 0");
    assertThatThrownBy(() -> up("--replicas", "tweet-svc=9")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("1..8 instances, not 9");
    assertThatThrownBy(() -> up("--replicas", "tweet-svc=two")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("'two' is not a number");
    assertThatThrownBy(() -> up("--replicas", "tweet-svc")).isInstanceOf(ParameterException.class)
        .hasMessageContaining("KEY=VALUE");
  }

  @Test
  void theDetachedLauncherIsGivenTheSameReplicas() {
    UpCommand detached = up("--detach", "--replicas", "fanout-worker=3,tweet-svc=2", "--port-offset", "7");
    UpCommand foreground = up(detached.foregroundArguments(new StackLayout(Path.of("data"))).stream()
        .skip(1).toArray(String[]::new));
    assertThat(foreground.detach).isFalse();
    assertThat(foreground.portOffset).isEqualTo(7);
    assertThat(foreground.replicas).isEqualTo(detached.replicas);
    assertThat(up("--detach").foregroundArguments(new StackLayout(Path.of("data")))).doesNotContain("--replicas");
  }

  @Test
  void theStackRefusesCountsTheOptionWouldHaveRefused() {
    assertThatThrownBy(() -> options(Map.of("mail-svc", 2))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mail-svc");
    assertThatThrownBy(() -> options(Map.of("tweet-svc", 9))).isInstanceOf(IllegalArgumentException.class);
    assertThat(options(Map.of("tweet-svc", 2)).replicas()).containsExactly(Map.entry("tweet-svc", 2));
  }

  private static Stack.Options options(Map<String, Integer> replicas) {
    return new Stack.Options(new StackLayout(Path.of("data")), new PortPlan(0), EngineSettings.defaults(false),
        Duration.ofMinutes(1), null, Map.of(), replicas);
  }
}
