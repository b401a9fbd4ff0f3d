package dev.chirp.bench;

import java.util.Arrays;
import java.util.Random;

/**
 * A follow graph whose follower counts follow a power law, reproducible from a seed. User index 0 is the most
 * followed: the first {@code celebrities} users have {@code celebrityFollowers} each, and the others, by rank r,
 * {@code c / r^exponent} capped at {@code maxFollowers}, with c chosen so the mean over all users is
 * {@code meanFollowers} (as far as the cap allows). A user's followers are distinct other users, enumerated
 * without storing the edges: {@code (offset + j * step) mod users} with a step coprime to the user count.
 */
final class PowerLawGraph {
  private final int[] followerCounts;
  private final int[] offsets;
  private final int[] steps;
  private final int celebrities;

  private PowerLawGraph(int[] followerCounts, int[] offsets, int[] steps, int celebrities) {
    this.followerCounts = followerCounts;
    this.offsets = offsets;
    this.steps = steps;
    this.celebrities = celebrities;
  }

  static PowerLawGraph generate(int users, double meanFollowers, double exponent, int celebrities, int celebrityFollowers,
                                int maxFollowers, long seed) {
    if (users < 2) throw new IllegalArgumentException("a graph needs at least 2 users");
    if (celebrities >= users) throw new IllegalArgumentException("fewer celebrities than users, please");
    int[] counts = new int[users];
    int celebrityCount = Math.min(users - 1, celebrityFollowers);
    for (int i = 0; i < celebrities; i++) counts[i] = celebrityCount;
    int cap = Math.min(users - 1, maxFollowers);
    double wanted = Math.max(0, meanFollowers * users - (double) celebrities * celebrityCount);
    double low = 0;
    double high = (double) cap * users;
    for (int iteration = 0; iteration < 100; iteration++) {
      double c = (low + high) / 2;
      if (total(c, exponent, celebrities, users, cap) < wanted) low = c; else high = c;
    }
    for (int i = celebrities; i < users; i++) counts[i] = countAt(low, exponent, i - celebrities + 1, cap);
    Random random = new Random(seed);
    int[] offsets = new int[users];
    int[] steps = new int[users];
    for (int i = 0; i < users; i++) {
      offsets[i] = random.nextInt(users);
      int step;
      do {
        step = 1 + random.nextInt(users - 1);
      } while (gcd(step, users) != 1);
      steps[i] = step;
    }
    return new PowerLawGraph(counts, offsets, steps, celebrities);
  }

  private static double total(double c, double exponent, int from, int users, int cap) {
    double sum = 0;
    for (int i = from; i < users; i++) sum += countAt(c, exponent, i - from + 1, cap);
    return sum;
  }

  private static int countAt(double c, double exponent, int rank, int cap) {
    return (int) Math.min(cap, Math.floor(c / Math.pow(rank, exponent)));
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  int users() {
    return followerCounts.length;
  }

  int celebrities() {
    return celebrities;
  }

  int followerCount(int user) {
    return followerCounts[user];
  }

  long edges() {
    return Arrays.stream(followerCounts).asLongStream().sum();
  }

  int maxFollowers() {
    return Arrays.stream(followerCounts).max().orElse(0);
  }

  /** Follower counts of all users, most followed first. */
  int[] followerCounts() {
    return followerCounts.clone();
  }

  /**
   * The user's j-th follower (0 ≤ j < followerCount(user)): distinct for distinct j, never the user itself
   * (the sequence steps over it).
   */
  int follower(int user, int j) {
    long n = followerCounts.length;
    // Where the user itself falls in its own sequence: followers at or after it are shifted by one.
    long selfAt = positionOf(user, user);
    long position = j >= selfAt ? j + 1 : j;
    return (int) ((offsets[user] + position * steps[user]) % n);
  }

  /** The position of {@code target} in {@code user}'s sequence: the k with offset + k * step ≡ target. */
  private long positionOf(int user, int target) {
    long n = followerCounts.length;
    long inverse = modInverse(steps[user], n);
    return Math.floorMod((long) (target - offsets[user]) * inverse, n);
  }

  private static long modInverse(long a, long n) {
    return java.math.BigInteger.valueOf(a).modInverse(java.math.BigInteger.valueOf(n)).longValueExact();
  }
}
