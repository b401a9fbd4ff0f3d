package dev.chirp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of the stack's processes (and this one), from Linux's /proc: each is found by
 * what its command line runs. Empty where /proc does not exist.
 */
final class ProcessStats {
  /** What a command line contains → the name the report gives it; the first match wins. */
  private static final Map<String, String> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("CassandraDaemon", "cassandra");
    KINDS.put("org.neo4j.server", "neo4j");
    KINDS.put("PulsarStandaloneStarter", "pulsar");
    KINDS.put("redis-server", "redis");
    KINDS.put("dev.chirp.tweet.Main", "tweet-svc");
    KINDS.put("dev.chirp.follow.Main", "follow-svc");
    KINDS.put("dev.chirp.timeline.Main", "timeline-svc");
    KINDS.put("dev.chirp.fanout.Main", "fanout-worker");
    KINDS.put("dev.chirp.deploy.Chirp", "launcher (entry point)");
  }

  private static final double TICKS_PER_SECOND = 100;
  private static final long PAGE_SIZE = 4096;

  record Sample(String name, long pid, double cpuSeconds, long rssBytes) {
  }

  private ProcessStats() {
  }

  static List<Sample> sample() {
    List<Sample> samples = new ArrayList<>();
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) return samples;
    long self = ProcessHandle.current().pid();
    try (Stream<Path> entries = Files.list(proc)) {
      for (Path dir : entries.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        long pid = Long.parseLong(dir.getFileName().toString());
        String name = pid == self ? "bench (load generator)" : kindOf(dir);
        if (name == null) continue;
        Sample sample = read(dir, name, pid);
        if (sample != null) samples.add(sample);
      }
    } catch (IOException e) {
      return samples;
    }
    return samples;
  }

  private static String kindOf(Path dir) {
    try {
      String commandLine = new String(Files.readAllBytes(dir.resolve("cmdline"))).replace('\0', ' ');
      for (Map.Entry<String, String> kind : KINDS.entrySet()) if (commandLine.contains(kind.getKey())) return kind.getValue();
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Sample read(Path dir, String name, long pid) {
    try {
      String stat = Files.readString(dir.resolve("stat"));
      // Fields after the command name (which may hold spaces) in parentheses: utime is the 14th field, stime the 15th.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
      String[] statm = Files.readString(dir.resolve("statm")).trim().split(" ");
      return new Sample(name, pid, cpu, Long.parseLong(statm[1]) * PAGE_SIZE);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
