package dev.chirp.deploy;

import dev.chirp.common.tracing.Tracing;
import dev.chirp.common.tracing.TracingSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point as a process of its own (the launcher starts and supervises it like any service):
 * {@code EdgeMain PORT SERVICE=PORT[,PORT…]…}. Tracing from the same {@code CHIRP_TRACING_*} variables as the
 * services. Stops on SIGTERM.
 */
public final class EdgeMain {
  private EdgeMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] service = args[i].split("=", 2);
      List<Integer> ports = new ArrayList<>();
      for (String instance : service[1].split(",")) ports.add(Integer.parseInt(instance));
      instancePorts.put(service[0], ports);
    }
    EdgeProxy edge = EdgeProxy.start(port, instancePorts, Tracing.start("edge", TracingSettings.resolve(System.getenv(), Map.of())));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      edge.close();
      stopped.countDown();
    }, "edge-stop"));
    System.out.println("edge listening on 127.0.0.1:" + edge.port());
    stopped.await();
  }
}
