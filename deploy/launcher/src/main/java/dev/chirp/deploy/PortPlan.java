package dev.chirp.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every port the stack listens on, by component. Defaults are each engine's usual port and the contract's
 * service ports; {@code offset} shifts them all, so a second stack (the tests') can run beside the first.
 */
public record PortPlan(int offset) {
  private static final Map<String, Integer> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("cassandra.cql", 9042);
    DEFAULTS.put("cassandra.storage", 7000);
    DEFAULTS.put("neo4j.bolt", 7687);
    DEFAULTS.put("pulsar.broker", 6650);
    DEFAULTS.put("pulsar.web", 8090);
    DEFAULTS.put("pulsar.bookie", 3181);
    DEFAULTS.put("redis", 6379);
    DEFAULTS.put("tweet-svc", 8081);
    DEFAULTS.put("follow-svc", 8082);
    DEFAULTS.put("timeline-svc", 8083);
    DEFAULTS.put("fanout-worker", 8084);
    DEFAULTS.put("edge", 8080);
  }

  public PortPlan {
    if (offset < 0 || offset > 50_000) throw new IllegalArgumentException("port offset must be 0..50000");
  }

  public int port(String name) {
    Integer base = DEFAULTS.get(name);
    if (base == null) throw new IllegalArgumentException("no port named " + name);
    return base + offset;
  }

  public Map<String, Integer> all() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    DEFAULTS.forEach((name, base) -> ports.put(name, base + offset));
    return ports;
  }

  /** The ports some other process already holds, as "name port" strings; empty when the stack can start. */
  public List<String> taken() {
    List<String> taken = new ArrayList<>();
    all().forEach((name, port) -> {
      if (!isFree(port)) taken.add(name + " " + port);
    });
    return taken;
  }

  /**
   * A port for an extra instance of a service: one the OS finds free now, none of this plan's (some may not be bound
   * yet) and none of {@code handedOut}. Not a fixed port: how many there are varies, so a fixed block would have to
   * be reserved in every plan and kept clear of plans at other offsets, while clients reach them through the entry
   * point anyway.
   */
  public int sparePort(Set<Integer> handedOut) throws IOException {
    Collection<Integer> planned = all().values();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      if (!planned.contains(port) && !handedOut.contains(port)) return port;
    }
    throw new IOException("the OS offered no free port outside the stack's own");
  }

  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      return false;
    }
    try (ServerSocket any = new ServerSocket()) {
      any.setReuseAddress(true);
      any.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Offsets a multiple of this apart never give two plans a port in common, as long as they are fewer than
   * {@link #SEARCH_ATTEMPTS} steps apart (bookie 3181 and tweet-svc 8081 are 4900 apart).
   */
  static final int SEARCH_STEP = 100;
  static final int SEARCH_ATTEMPTS = 40;

  /** An offset under which every port is free, for a stack that must not meet another (tests). */
  public static PortPlan findFree(int firstOffset) {
    for (int i = 0; i < SEARCH_ATTEMPTS; i++) {
      PortPlan plan = new PortPlan(firstOffset + i * SEARCH_STEP);
      if (plan.taken().isEmpty()) return plan;
    }
    throw new IllegalStateException("no free block of ports found from offset " + firstOffset);
  }
}
