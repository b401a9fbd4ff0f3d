package dev.chirp.deploy;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How many instances of each service a stack runs ({@code up --replicas tweet-svc=2,fanout-worker=3}): one of each
 * service not named, at most {@value #MAX} of any.
 */
final class Replicas {
  /** Enough to prove that nothing depends on being the only instance, few enough for one machine's memory. */
  static final int MAX = 8;

  private Replicas() {
  }

  /** {@code counts} checked (every name a service, every count 1..{@value #MAX}) and made immutable. */
  static Map<String, Integer> checked(Map<String, Integer> counts) {
    counts.forEach((service, count) -> {
      checkService(service);
      checkCount(count);
    });
    return Map.copyOf(counts);
  }

  static int of(Map<String, Integer> counts, String service) {
    return counts.getOrDefault(service, 1);
  }

  /** The option's value again, for the launcher that {@code up --detach} starts. */
  static String format(Map<String, Integer> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  private static String checkService(String service) {
    List<String> known = ServiceComponent.ALL.stream().map(ServiceComponent.Spec::module).toList();
    if (!known.contains(service)) {
      throw new IllegalArgumentException("no service is called '" + service + "' (services: " + String.join(", ", known) + ")");
    }
    return service;
  }

  private static int checkCount(int count) {
    if (count < 1 || count > MAX) {
      throw new IllegalArgumentException("a service runs 1.." + MAX + " instances, not " + count);
    }
    return count;
  }

  /** The option's keys: picocli reports the message as an invalid value of {@code --replicas}. */
  static final class ServiceConverter implements ITypeConverter<String> {
    @Override
    public String convert(String service) {
      try {
        return checkService(service);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The option's values. */
  static final class CountConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String count) {
      try {
        return checkCount(Integer.parseInt(count.strip()));
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + count + "' is not a number of instances");
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
