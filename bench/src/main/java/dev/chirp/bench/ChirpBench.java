package dev.chirp.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./chirp bench}: measurements against a running stack. */
@Command(name = "chirp bench", mixinStandardHelpOptions = true,
    description = "Benchmarks against a stack started with ./chirp up.",
    subcommands = {LimitsCommand.class, GraphCommand.class, StreamFollowersCommand.class, FollowLatencyCommand.class,
        PostLatencyCommand.class, FanoutCommand.class,
        TimelineCommand.class})
public final class ChirpBench {
  public static void main(String[] args) {
    System.exit(new CommandLine(new ChirpBench()).execute(args));
  }
}
