package dev.chirp.deploy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The public routing table of Chirp's entry point, written as Gateway API path matches so that the local entry
 * point and the Kubernetes HTTPRoutes ({@code k8s/components/gateway-api}, tested against this table) route
 * alike. Public are the API ({@code /api/v1/...}) and each service's OpenAPI document
 * ({@code /openapi/<service>.yaml}, served by the service at {@code /openapi.yaml}); never {@code /metrics} or
 * {@code /health/*}. Matches of different services never overlap, except where an {@code Exact} match (which
 * Gateway API ranks first) settles it, because precedence between regular expressions is implementation-specific.
 */
public final class EntryRoutes {
  public enum MatchType { EXACT, PATH_PREFIX, REGULAR_EXPRESSION }

  /** One path match: requests it takes go to {@code service}, at {@code rewriteTo} when that is set. */
  public record Match(MatchType type, String value, String service, Optional<String> rewriteTo) {
    Match(MatchType type, String value, String service) {
      this(type, value, service, Optional.empty());
    }

    public boolean matches(String path) {
      return switch (type) {
        case EXACT -> path.equals(value);
        case PATH_PREFIX -> path.equals(value) || path.startsWith(value.endsWith("/") ? value : value + "/");
        case REGULAR_EXPRESSION -> COMPILED.computeIfAbsent(value, Pattern::compile).matcher(path).matches();
      };
    }
  }

  public record Route(String service, String upstreamPath) {}

  /** Each expression compiled once: the entry point matches every request against the table. */
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private static final String USER = "/api/v1/users/[^/]+";
  public static final List<Match> TABLE = List.of(
      new Match(MatchType.PATH_PREFIX, "/api/v1/tweets", "tweet-svc"),
      new Match(MatchType.REGULAR_EXPRESSION, USER + "/tweets/?", "tweet-svc"),
      new Match(MatchType.REGULAR_EXPRESSION, USER + "/home_timeline/?", "timeline-svc"),
      new Match(MatchType.EXACT, "/api/v1/users", "follow-svc"),
      new Match(MatchType.EXACT, "/api/v1/sessions", "follow-svc"),
      new Match(MatchType.REGULAR_EXPRESSION, USER + "/?", "follow-svc"),
      new Match(MatchType.REGULAR_EXPRESSION, USER + "/(followers|following)(/[^/]+)?/?", "follow-svc"),
      new Match(MatchType.REGULAR_EXPRESSION, "/api/v1/users/by-handle/[^/]+/?", "follow-svc"),
      // Handles that look like the user-tweets and home-timeline paths: Exact outranks both expressions.
      new Match(MatchType.EXACT, "/api/v1/users/by-handle/tweets", "follow-svc"),
      new Match(MatchType.EXACT, "/api/v1/users/by-handle/tweets/", "follow-svc"),
      new Match(MatchType.EXACT, "/api/v1/users/by-handle/home_timeline", "follow-svc"),
      new Match(MatchType.EXACT, "/api/v1/users/by-handle/home_timeline/", "follow-svc"),
      new Match(MatchType.EXACT, "/openapi/tweet-svc.yaml", "tweet-svc", Optional.of("/openapi.yaml")),
      new Match(MatchType.EXACT, "/openapi/follow-svc.yaml", "follow-svc", Optional.of("/openapi.yaml")),
      new Match(MatchType.EXACT, "/openapi/timeline-svc.yaml", "timeline-svc", Optional.of("/openapi.yaml")));

  /** Dot segments, encoded dots and slashes, backslashes: a path that could mean another path after decoding. */
  private static final Pattern AMBIGUOUS = Pattern.compile("(^|/)\\.{1,2}(/|$)|%2[eEfF]|%5[cC]|\\\\|//");

  private EntryRoutes() {}

  /**
   * The route of a request path (no query) by Gateway API precedence: Exact, then the longest PathPrefix, then
   * regular expressions; empty when no service serves it publicly, or when the path is ambiguous.
   */
  public static Optional<Route> route(String path) {
    if (path == null || AMBIGUOUS.matcher(path).find()) return Optional.empty();
    return TABLE.stream().filter(match -> match.matches(path))
        .min(Comparator.comparingInt((Match match) -> match.type().ordinal())
            .thenComparing(match -> -match.value().length()))
        .map(match -> new Route(match.service(), match.rewriteTo().orElse(path)));
  }
}
