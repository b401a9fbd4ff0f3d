package dev.chirp.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code ./chirp bench [options]}: the whole benchmark against a running stack, with a report; the subcommands
 * measure one part at a time.
 */
@Command(name = "chirp bench", mixinStandardHelpOptions = true,
    description = "Benchmarks fan-out under load on a power-law graph against a stack started with ./chirp up, and writes"
        + " bench-results/<timestamp>/ (results.json, report.html, charts). Subcommands measure one part at a time.",
    subcommands = {LimitsCommand.class, GraphCommand.class, StreamFollowersCommand.class, FollowLatencyCommand.class,
        PostLatencyCommand.class, FanoutCommand.class, TimelineCommand.class})
public final class ChirpBench implements Callable<Integer> {
  @Mixin
  BenchOptions options;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs {@code ./chirp bench} with these arguments; its exit code. */
  public static int run(String... args) {
    return new CommandLine(new ChirpBench()).execute(args);
  }

  @Override
  public Integer call() throws Exception {
    new BenchRun(options.applyQuick()).run();
    return 0;
  }
}
