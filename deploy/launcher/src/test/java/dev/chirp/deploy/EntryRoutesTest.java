package dev.chirp.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class EntryRoutesTest {
  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {
      "/api/v1/tweets, tweet-svc",
      "/api/v1/tweets/118631213400330240, tweet-svc",
      "/api/v1/users/42/tweets, tweet-svc",
      "/api/v1/users/abc/tweets/, tweet-svc", // tweet-svc answers 400 invalid_id
      "/api/v1/users/42/home_timeline, timeline-svc",
      "/api/v1/users, follow-svc",
      "/api/v1/sessions, follow-svc",
      "/api/v1/users/42, follow-svc",
      "/api/v1/users/42/followers, follow-svc",
      "/api/v1/users/42/following/43, follow-svc",
      "/api/v1/users/by-handle/alice, follow-svc",
      "/api/v1/users/by-handle/tweets, follow-svc",
      "/api/v1/users/by-handle/home_timeline, follow-svc",
      "/api/v1/users/by-handle/tweets/, follow-svc",
      "/api/v1/users/by-handle/home_timeline/, follow-svc",
      "/api/v1/tweetsx, none",
      "/api/v1/users/42/tweets/7, none",
      "/api/v1/users/42/unknown, none",
      "/api/v2/tweets, none",
      "/metrics, none",
      "/health/ready, none",
      "/openapi.yaml, none",
      "/api/v1/tweets/../../metrics, none",
      "/api/v1/tweets/%2e%2e/%2E%2E/metrics, none",
      "/api/v1/tweets/..%2fmetrics, none",
      "/api/v1/tweets//x, none",
      "/api/v1/users/./42, none",
  })
  void eachPublicPathHasOneOwnerAndNothingElseIsRouted(String path, String service) {
    assertThat(EntryRoutes.route(path).map(EntryRoutes.Route::service).orElse(null)).as(path).isEqualTo(service);
  }

  @ParameterizedTest
  @CsvSource({"tweet-svc", "follow-svc", "timeline-svc"})
  void openApiDocumentsAreServedFromTheServicesOwnPath(String service) {
    assertThat(EntryRoutes.route("/openapi/" + service + ".yaml")).contains(new EntryRoutes.Route(service, "/openapi.yaml"));
  }
}
