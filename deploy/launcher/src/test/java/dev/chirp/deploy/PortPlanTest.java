package dev.chirp.deploy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortPlanTest {
  @Test
  void defaultsAreEachEnginesUsualPort() {
    PortPlan plan = new PortPlan(0);
    assertThat(plan.port("cassandra.cql")).isEqualTo(9042);
    assertThat(plan.port("neo4j.bolt")).isEqualTo(7687);
    assertThat(plan.port("pulsar.broker")).isEqualTo(6650);
    assertThat(plan.port("redis")).isEqualTo(6379);
  }

  @Test
  void theOffsetShiftsEveryPort() {
    PortPlan plan = new PortPlan(1000);
    new PortPlan(0).all().forEach((name, port) -> assertThat(plan.port(name)).isEqualTo(port + 1000));
  }

  @Test
  void plansAHundredApartNeverShareAPort() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < PortPlan.SEARCH_ATTEMPTS; i++) {
      for (int port : new PortPlan(10_000 + PortPlan.SEARCH_STEP * i).all().values()) assertThat(seen.add(port)).isTrue();
    }
  }

  @Test
  void aTakenPortIsReportedByNameAndNumber() throws Exception {
    PortPlan plan = PortPlan.findFree(30_000);
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), plan.port("neo4j.bolt")));
      assertThat(plan.taken()).containsExactly("neo4j.bolt " + plan.port("neo4j.bolt"));
    }
    assertThat(plan.taken()).isEmpty();
  }

  @Test
  void unknownPortsAndBadOffsetsAreRejected() {
    assertThatThrownBy(() -> new PortPlan(0).port("mysql")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PortPlan(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
