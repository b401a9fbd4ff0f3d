package dev.chirp.testsupport;

import dev.chirp.deploy.PortPlan;
import dev.chirp.deploy.Progress;
import dev.chirp.deploy.Stack;
import dev.chirp.deploy.StackLayout;
import dev.chirp.deploy.engine.EngineSettings;
import dev.chirp.schema.SchemaMigrator;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Gives integration tests real engines: the first test class that asks starts Cassandra, Neo4j, Pulsar and Redis
 * (with the launcher's own {@link Stack}, on a free block of ports, in target/chirp-test-stack); every later
 * class in the same test run shares them; they stop when the run ends (and, through the parent-death signal,
 * also when the test JVM is killed). Each test class gets a {@link TestEngines} of its own: its own keyspace,
 * Pulsar topic names and Redis key prefix, so classes never see each other's data and can run in any order.
 *
 * <pre>{@code
 * @ExtendWith(ChirpEngines.class)
 * class SomethingIT {
 *   @Test void works(TestEngines engines) { ... engines.keyspace() ... }
 * }
 * }</pre>
 */
public final class ChirpEngines implements BeforeAllCallback, ParameterResolver {
  private static final Namespace NAMESPACE = Namespace.create(ChirpEngines.class);
  static final int FIRST_PORT_OFFSET = 10_000;

  @Override
  public void beforeAll(ExtensionContext context) {
    scope(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestEngines.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return scope(context);
  }

  private static TestEngines scope(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(TestEngines.class,
        key -> new TestEngines(sharedStack(context), testClass), TestEngines.class);
  }

  /** One stack per test run: kept in the root store, which closes it after the last test. */
  private static SharedStack sharedStack(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SharedStack.class, key -> SharedStack.start(),
        SharedStack.class);
  }

  /**
   * The end-to-end tests make a celebrity out of an author with a handful of followers, and follow them just
   * before reading: whom a reader follows is cached by timeline-svc for a second only. Every HTTP API runs as two
   * verticle instances, so the end-to-end tests also prove the services safe to spread over event loops. The
   * services and the entry point trace into their logs, but only requests that carry a sampled {@code traceparent}
   * (sample ratio 0 for the rest): the tracing test sends one, no other test does.
   */
  public static final int CELEBRITY_THRESHOLD = 3;
  private static final java.util.Map<String, String> SERVICE_CONFIG = java.util.Map.of(
      "fanout.celebrity-threshold", Integer.toString(CELEBRITY_THRESHOLD), "timeline.followees-cache-ms", "1000",
      "http.instances", "2", "tracing.exporter", "logging", "tracing.sample-ratio", "0");

  /** The project's root: the integration tests run in a module one level below it. */
  private static Path projectHome() {
    Path root = Path.of("..").toAbsolutePath().normalize();
    return Files.exists(root.resolve("chirp")) ? root : null;
  }

  /** The running engines plus the one-off set-up every test class relies on. */
  static final class SharedStack implements AutoCloseable {
    final Stack stack;

    private SharedStack(Stack stack) {
      this.stack = stack;
    }

    static SharedStack start() {
      Path dataDir = Path.of("target", "chirp-test-stack");
      StackLayout layout = new StackLayout(dataDir);
      Progress progress = new Progress(System.out);
      // The built services and the entry point run too, for the end-to-end tests (they use the production
      // keyspace and topics, which no other test touches).
      Stack stack = new Stack(new Stack.Options(layout, PortPlan.findFree(FIRST_PORT_OFFSET),
          EngineSettings.defaults(true), Duration.ofMinutes(4), projectHome(), SERVICE_CONFIG), progress);
      try {
        Files.createDirectories(dataDir);
        layout.wipeExcept(null);
        stack.start();
        SchemaMigrator.pulsarNamespace(stack.schemaConfig(), TestEngines.TEST_NAMESPACE, line -> { });
        progress.step("tests", "engines ready for the test run");
        return new SharedStack(stack);
      } catch (Exception e) {
        stack.close();
        throw new IllegalStateException("could not start the test engines: " + e.getMessage()
            + " (logs in " + layout.dataDir().resolve("logs") + ")", e);
      }
    }

    @Override
    public void close() {
      stack.close();
    }
  }
}
