package dev.chirp.k8s;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.chirp.deploy.EntryRoutes;
import dev.chirp.deploy.EntryRoutes.Match;
import dev.chirp.deploy.EntryRoutes.MatchType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The path matches of rendered HTTPRoutes, evaluated as Gateway API specifies: an Exact match wins; otherwise
 * the order of PathPrefix and RegularExpression matches is implementation-specific, so every match that applies
 * must lead to the same service, or the route is ambiguous.
 */
final class GatewayRoutes {
  private GatewayRoutes() {}

  static List<Match> of(List<JsonObject> objects) {
    List<Match> matches = new ArrayList<>();
    for (JsonObject route : Manifests.ofKind(objects, "HTTPRoute")) {
      for (JsonElement ruleElement : route.getAsJsonObject("spec").getAsJsonArray("rules")) {
        JsonObject rule = ruleElement.getAsJsonObject();
        if (!rule.has("backendRefs")) continue; // a redirect (http → https): it reaches no service
        Set<String> backends = new java.util.HashSet<>();
        rule.getAsJsonArray("backendRefs").forEach(b -> backends.add(b.getAsJsonObject().get("name").getAsString()));
        if (backends.size() != 1) throw new IllegalStateException(Manifests.id(route) + ": a rule with " + backends + " backends");
        String service = backends.iterator().next();
        Optional<String> rewrite = Optional.empty();
        if (rule.has("filters")) {
          for (JsonElement filter : rule.getAsJsonArray("filters")) {
            JsonObject path = filter.getAsJsonObject().getAsJsonObject("urlRewrite").getAsJsonObject("path");
            if (!path.get("type").getAsString().equals("ReplaceFullPath")) throw new IllegalStateException("only ReplaceFullPath is modelled");
            rewrite = Optional.of(path.get("replaceFullPath").getAsString());
          }
        }
        for (JsonElement matchElement : rule.getAsJsonArray("matches")) {
          JsonObject path = matchElement.getAsJsonObject().getAsJsonObject("path");
          MatchType type = switch (path.get("type").getAsString()) {
            case "Exact" -> MatchType.EXACT;
            case "PathPrefix" -> MatchType.PATH_PREFIX;
            case "RegularExpression" -> MatchType.REGULAR_EXPRESSION;
            default -> throw new IllegalStateException(path.toString());
          };
          matches.add(new Match(type, path.get("value").getAsString(), service, rewrite));
        }
      }
    }
    return matches;
  }

  /** Where a request for {@code path} goes: empty when nothing matches; an exception when it is ambiguous. */
  static Optional<EntryRoutes.Route> route(List<Match> matches, String path) {
    List<Match> applying = matches.stream().filter(m -> m.matches(path)).toList();
    List<Match> exact = applying.stream().filter(m -> m.type() == MatchType.EXACT).toList();
    List<Match> deciding = exact.isEmpty() ? applying : exact;
    Set<String> services = deciding.stream().map(Match::service).collect(Collectors.toSet());
    if (services.size() > 1) throw new IllegalStateException(path + " is matched by several services: " + deciding);
    return deciding.stream().findFirst().map(m -> new EntryRoutes.Route(m.service(), m.rewriteTo().orElse(path)));
  }
}
