package dev.chirp.deploy.engine;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import dev.chirp.deploy.ChildProcess;
import dev.chirp.deploy.PortPlan;
import dev.chirp.deploy.StackLayout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Apache Cassandra 5.0 in a child JVM; ready when a CQL session connects. */
public final class CassandraEngine extends LocalEngine {
  public static final String LOCAL_DATACENTER = "datacenter1";

  public CassandraEngine(PortPlan ports, EngineSettings settings) {
    super("cassandra", "cassandra.cql", "cql", ports, settings);
  }

  @Override
  public ChildProcess start(StackLayout layout) throws IOException {
    Path base = layout.engineDir(name());
    Templates.render("cassandra/cassandra.yaml", Map.of("base", base, "storage_port", ports.port("cassandra.storage"),
        "cql_port", mainPort()), base.resolve("conf/cassandra.yaml"));
    Templates.render("cassandra/logback.xml", Map.of("base", base), base.resolve("conf/logback.xml"));
    List<String> command = JavaCommand.engine(name(), "org.apache.cassandra.service.CassandraDaemon")
        // Java 17 module flags from Cassandra's conf/jvm17-server.options: without them the node dies in ~2 s.
        .jvm("-Xss256k", "-XX:+UseG1GC", "-ea", "-da:net.openhft...", "-XX:+ExitOnOutOfMemoryError",
            // Full JIT and a heap with room for memtables: C1-only code started ~1 s sooner but the write path
            // then saturated the 2 cores at ~600 posts/s.
            "-Xms1g", "-Xmx1g",
            "-Djava.net.preferIPv4Stack=true", "-Djdk.attach.allowAttachSelf=true", "-Dio.netty.tryReflectionSetAccessible=true",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED", "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED", "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "-Dcassandra.config=" + base.resolve("conf/cassandra.yaml").toUri(),
            "-Dcassandra-foreground=yes",
            "-Dcassandra.storagedir=" + base, "-Dcassandra.triggers_dir=" + base.resolve("triggers"),
            "-Dcassandra.logdir=" + base.resolve("logs"),
            "-Dlogback.configurationFile=" + base.resolve("conf/logback.xml"),
            // Dev/test start-up speed-ups (recipes: CPU to ready 12-16 s -> 3-4 s). No unsafesystem: it loses
            // recently created tables on SIGKILL.
            "-Dcassandra.memtable_row_overhead_computation_step=100", "-Dcassandra.skip_paxos_state_rebuild=true",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.shutdown_announce_in_ms=0",
            "-Dcassandra.test.messagingService.nonGracefulShutdown=true")
        .build(settings);
    return ChildProcess.start(name(), command, base, layout.log(name()), Map.of(), true);
  }

  @Override
  public void awaitReady(ChildProcess process, Instant deadline) throws Exception {
    Readiness.poll(process, deadline, () -> {
      try (CqlSession session = session(mainPort(), null)) {
        return session.execute("SELECT release_version FROM system.local").one() != null;
      }
    });
  }

  /** A session tuned for a single local node and fast DDL (the schema debouncer otherwise costs ~1 s per DDL). */
  public static CqlSession session(int port, String keyspace) {
    DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(2))
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
        .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ofMillis(10))
        .build();
    var builder = CqlSession.builder().withConfigLoader(config)
        .addContactPoint(new InetSocketAddress("127.0.0.1", port)).withLocalDatacenter(LOCAL_DATACENTER);
    return keyspace == null ? builder.build() : builder.withKeyspace(keyspace).build();
  }
}
