package dev.chirp.deploy.engine;

import dev.chirp.deploy.ChildProcess;
import dev.chirp.deploy.PortPlan;
import dev.chirp.deploy.StackLayout;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/** Neo4j 5.26 community through its packaged entry point in a child JVM; ready when Bolt runs a query. */
public final class Neo4jEngine extends LocalEngine {

  public Neo4jEngine(PortPlan ports, EngineSettings settings) {
    super("neo4j", "neo4j.bolt", "bolt", ports, settings);
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    Path home = layout.engineDir(name());
    Map<String, Object> values = Map.of("bolt_port", mainPort(), "home", home);
    Templates.render("neo4j/neo4j.conf", values, home.resolve("conf/neo4j.conf"));
    List<String> command = JavaCommand.engine(name(), "org.neo4j.server.CommunityEntryPoint")
        .jvm("-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError",
            "-XX:-OmitStackTraceInFastThrow", "-Djdk.nio.maxCachedBufferSize=1024",
            "-Dio.netty.tryReflectionSetAccessible=true", "-Dlog4j2.disable.jmx=true",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
        .args("--home-dir=" + home, "--config-dir=" + home.resolve("conf"))
        .build(settings);
    return ChildProcess.start(name(), command, home, layout.log(name()), Map.of(), true);
  }

  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    try (Driver driver = driver(url())) {
      Readiness.poll(process, deadline, () -> {
        try (Session session = driver.session()) {
          return session.run("RETURN 1 AS one").single().get("one").asInt() == 1;
        }
      });
    }
  }

  /** A driver for the local, auth-less dev database, quiet while it retries during start-up. */
  public static Driver driver(String uri) {
    Config config = Config.builder().withConnectionTimeout(2, TimeUnit.SECONDS)
        .withMaxTransactionRetryTime(0, TimeUnit.SECONDS)
        .withLogging(org.neo4j.driver.Logging.javaUtilLogging(Level.WARNING)).build();
    return GraphDatabase.driver(uri, AuthTokens.none(), config);
  }
}
