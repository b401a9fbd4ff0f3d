package dev.chirp.deploy;

import dev.chirp.common.config.ChirpConfig;
import dev.chirp.common.tracing.TracingSettings;
import dev.chirp.deploy.engine.CassandraEngine;
import dev.chirp.deploy.engine.Component;
import dev.chirp.deploy.engine.EngineFailedException;
import dev.chirp.deploy.engine.EngineSettings;
import dev.chirp.deploy.engine.Neo4jEngine;
import dev.chirp.deploy.engine.PulsarEngine;
import dev.chirp.deploy.engine.RedisEngine;
import dev.chirp.schema.SchemaConfig;
import dev.chirp.schema.SchemaMigrator;
import dev.chirp.schema.SchemaReport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The four engines as child processes: started in parallel, each awaited on its own readiness signal, then
 * given their schema. The one way to start an engine, used by {@code ./chirp up} and by the test harness.
 */
public final class Stack implements AutoCloseable {
  public static final String KEYSPACE = "chirp";
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);

  /**
   * {@code projectHome}: where the service modules are built; null starts the engines only (the test harness).
   * {@code serviceConfig}: configuration keys given to every service on top of the endpoints (tests tune with it).
   * {@code replicas}: how many instances of a service to run, by service name; one of each service it does not name.
   */
  public record Options(StackLayout layout, PortPlan ports, EngineSettings engines, Duration readyTimeout, Path projectHome,
                        Map<String, String> serviceConfig, Map<String, Integer> replicas) {
    public Options {
      serviceConfig = Map.copyOf(serviceConfig);
      replicas = Replicas.checked(replicas);
    }

    /** One instance of each service. */
    public Options(StackLayout layout, PortPlan ports, EngineSettings engines, Duration readyTimeout, Path projectHome,
                   Map<String, String> serviceConfig) {
      this(layout, ports, engines, readyTimeout, projectHome, serviceConfig, Map.of());
    }
  }

  private final Options options;
  private final Progress progress;
  private final CassandraEngine cassandra;
  private final Neo4jEngine neo4j;
  private final PulsarEngine pulsar;
  private final RedisEngine redis;
  private final List<ServiceComponent> services = new ArrayList<>();
  private EdgeComponent edge;
  private final Map<String, ChildProcess> running = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Supervision supervision = new Supervision(java.time.Clock.systemUTC());
  private final Set<String> restarting = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "chirp-restarts");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean changed = new AtomicBoolean();
  private boolean closed;

  public Stack(Options options, Progress progress) {
    this.options = options;
    this.progress = progress;
    this.cassandra = new CassandraEngine(options.ports(), options.engines());
    this.neo4j = new Neo4jEngine(options.ports(), options.engines());
    this.pulsar = new PulsarEngine(options.ports(), options.engines());
    this.redis = new RedisEngine(options.ports());
  }

  public List<Component> engines() {
    return List.of(cassandra, neo4j, pulsar, redis);
  }

  /** The engines, then the service instances this stack started, then its entry point. */
  public List<Component> components() {
    List<Component> all = new ArrayList<>(engines());
    all.addAll(services);
    if (edge != null) all.add(edge);
    return all;
  }

  /**
   * Starts every engine, waits until all are ready, creates the schema and dev keys, then starts every built
   * service and waits until each is ready. Throws on the first failure.
   */
  public void start() throws EngineFailedException, IOException {
    List<String> taken = options.ports().taken();
    if (!taken.isEmpty()) throw new PortsTakenException(taken);
    Instant deadline = Instant.now().plus(options.readyTimeout());
    startInParallel(engines(), deadline);
    installSchema();
    DevKeys.ensure(options.layout().keysDir());
    if (options.projectHome() != null) {
      List<ServiceComponent> built = ServiceComponent.built(options.projectHome(), options.ports(), endpoints(),
          options.engines(), options.serviceConfig(), options.replicas());
      ServiceComponent.checkEnvironment(built, System.getenv());
      services.addAll(built);
      if (services.isEmpty()) progress.step("services", "none built under " + options.projectHome());
      startInParallel(services, deadline);
      startEdge(deadline);
    }
  }

  /**
   * The one entry point, once there are services to route to, balancing over each service's instances: a child
   * process of its own (supervised like the others).
   */
  private void startEdge(Instant deadline) throws EngineFailedException {
    if (services.isEmpty()) return;
    Map<String, List<Integer>> instancePorts = new LinkedHashMap<>();
    services.forEach(s -> instancePorts.computeIfAbsent(s.service(), service -> new ArrayList<>()).add(s.mainPort()));
    edge = new EdgeComponent(options.ports().port("edge"), instancePorts, edgeTracing(), options.engines());
    startInParallel(List.of(edge), deadline);
  }

  /**
   * The entry point traces as the services do: the same {@code tracing.*} keys, from the launcher's {@code CHIRP_TRACING_*}
   * variables (which the services inherit) and the stack's service configuration (which they are given).
   */
  TracingSettings edgeTracing() {
    return TracingSettings.resolveWith(System.getenv(), options.serviceConfig());
  }

  /** The entry point's base URL, if this stack runs services. */
  public Optional<String> edgeUrl() {
    return edge == null ? Optional.empty() : Optional.of(edge.url());
  }

  private void startInParallel(List<? extends Component> components, Instant deadline) throws EngineFailedException {
    if (components.isEmpty()) return;
    ExecutorService pool = Executors.newFixedThreadPool(components.size());
    try {
      List<CompletableFuture<Void>> ready = new ArrayList<>();
      for (Component component : components) {
        ready.add(CompletableFuture.runAsync(() -> startOne(component, deadline), pool));
      }
      CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof EngineStartFailure failure) throw failure.cause;
      throw e;
    } finally {
      pool.shutdownNow();
    }
  }

  private void startOne(Component engine, Instant deadline) {
    ChildProcess process = null;
    try {
      synchronized (this) {
        if (closed) throw new IllegalStateException("stack is stopping");
        process = engine.start(options.layout());
        running.put(engine.name(), process);
      }
      progress.step(engine.name(), "starting (pid " + process.pid() + ", " + engine.url() + ")");
      engine.awaitReady(process, deadline);
      progress.step(engine.name(), "ready");
    } catch (EngineFailedException e) {
      throw new EngineStartFailure(e);
    } catch (Exception e) {
      if (process == null) throw new CompletionException(e);
      throw new EngineStartFailure(new EngineFailedException(process, "failed to start: " + e));
    }
  }

  /** The schema program, in this process, against this stack's engines. */
  private void installSchema() throws IOException {
    Instant begin = Instant.now();
    SchemaReport report;
    try {
      report = SchemaMigrator.all(schemaConfig(), line -> { });
    } catch (RuntimeException e) {
      throw new IOException("could not create the schema: " + e.getMessage(), e);
    }
    progress.step("schema", report.summary() + " (" + Duration.between(begin, Instant.now()).toMillis() + " ms)");
  }

  /**
   * The schema program's configuration pointed at this stack's engines: keyspace {@value #KEYSPACE}, and the
   * fan-out worker's subscription as the services are given it.
   */
  public ChirpConfig schemaConfig() {
    Map<String, String> overrides = new LinkedHashMap<>(schemaOverrides(endpoints()));
    String subscription = options.serviceConfig().get("fanout.subscription");
    if (subscription != null) overrides.put("fanout.subscription", subscription);
    return SchemaConfig.defaults().with(overrides);
  }

  /** The schema program's configuration keys that point it at a local stack's engines. */
  public static Map<String, String> schemaOverrides(Endpoints endpoints) {
    return Map.of("cassandra.contact-points", endpoints.cassandraContactPoint(),
        "cassandra.local-datacenter", CassandraEngine.LOCAL_DATACENTER,
        "cassandra.keyspace", KEYSPACE,
        "neo4j.uri", endpoints.neo4jUri(),
        "pulsar.admin-url", endpoints.pulsarAdminUrl());
  }

  public Endpoints endpoints() {
    return new Endpoints(cassandra.mainPort(), neo4j.url(), pulsar.url(), pulsar.adminUrl(), redis.url());
  }

  public PulsarEngine pulsar() {
    return pulsar;
  }

  public Options options() {
    return options;
  }

  /** The started children, in start order. */
  public List<ChildProcess> processes() {
    synchronized (running) {
      return List.copyOf(running.values());
    }
  }

  /**
   * Restarts each child that exited on its own, after {@link Supervision}'s back-off (a restart keeps the child's
   * data and ports). Returns a description of a child in a crash loop, which the launcher gives up on; empty
   * otherwise, and once {@link #close()} has begun stopping the children.
   */
  public Optional<String> supervise() {
    synchronized (this) {
      if (closed) return Optional.empty();
    }
    for (Component component : components()) {
      ChildProcess child = running.get(component.name());
      if (child == null || child.isAlive() || !restarting.add(component.name())) continue;
      int exitCode = child.process().exitValue();
      Optional<Duration> delay = supervision.exited(component.name(), exitCode);
      changed.set(true);
      if (delay.isEmpty()) {
        return Optional.of(component.name() + " exited " + Supervision.CRASH_LOOP_EXITS + " times within "
            + Supervision.CRASH_LOOP_WINDOW.toMinutes() + " minutes (last exit code " + exitCode + ")");
      }
      progress.step(component.name(), "exited with code " + exitCode + "; restarting in " + delay.get().toMillis() + " ms");
      restarts.schedule(() -> restart(component), delay.get().toMillis(), TimeUnit.MILLISECONDS);
    }
    return Optional.empty();
  }

  private void restart(Component component) {
    try {
      ChildProcess process;
      synchronized (this) {
        if (closed) return;
        process = component.start(options.layout());
        running.put(component.name(), process);
      }
      changed.set(true);
      progress.step(component.name(), "restarted (pid " + process.pid() + ", restart "
          + supervision.history(component.name()).restarts() + ")");
    } catch (IOException | RuntimeException e) {
      progress.step(component.name(), "could not be restarted: " + e.getMessage());
    } finally {
      restarting.remove(component.name());
    }
  }

  /** Whether a child exited or was restarted since the last call (the launcher then rewrites stack.json). */
  public boolean changedSinceLastAsked() {
    return changed.getAndSet(false);
  }

  /** How often a component was restarted, and its last exit code (null if it never exited). */
  public Supervision.History history(String component) {
    return supervision.history(component);
  }

  /** Stops every child, all at once (each SIGTERM, then SIGKILL after a grace period). Safe to call twice. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    restarts.shutdownNow();
    List<ChildProcess> all = processes();
    if (all.isEmpty()) return;
    List<String> serviceNames = new ArrayList<>(services.stream().map(Component::name).toList());
    if (edge != null) serviceNames.add(edge.name());
    stopAll(all.stream().filter(p -> serviceNames.contains(p.name())).toList());
    stopAll(all.stream().filter(p -> !serviceNames.contains(p.name())).toList());
  }

  /** A thread per child, so they stop together: the common pool has a single thread on two cores. */
  private void stopAll(List<ChildProcess> children) {
    if (children.isEmpty()) return;
    ExecutorService stoppers = Executors.newFixedThreadPool(children.size());
    try {
      List<CompletableFuture<Void>> stopped = new ArrayList<>();
      for (ChildProcess child : children) {
        stopped.add(CompletableFuture.runAsync(() -> {
          if (child.isAlive()) {
            int code = child.stop(STOP_GRACE);
            progress.step(child.name(), "stopped (exit " + code + ")");
          }
        }, stoppers));
      }
      CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).join();
    } finally {
      stoppers.shutdown();
    }
  }

  /** Carries the checked failure through CompletableFuture. */
  private static final class EngineStartFailure extends RuntimeException {
    private final EngineFailedException cause;

    EngineStartFailure(EngineFailedException cause) {
      super(cause);
      this.cause = cause;
    }
  }

  /** Some port the stack needs is held by another process. */
  public static final class PortsTakenException extends IOException {
    private final List<String> taken;

    public PortsTakenException(List<String> taken) {
      super("port(s) already in use: " + String.join(", ", taken));
      this.taken = taken;
    }

    public List<String> taken() {
      return taken;
    }
  }
}
