package dev.chirp.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The handful of Pulsar admin REST calls the schema needs ({@code /admin/v2/...}), with an optional bearer token. */
public final class PulsarAdminClient {
  private final String adminUrl;
  private final Optional<String> bearerToken;
  private final HttpClient http;

  public PulsarAdminClient(String adminUrl, Optional<String> bearerToken) {
    this(adminUrl, bearerToken, Optional.empty());
  }

  /** {@code tls}: the context an {@code https://} admin URL is trusted with, instead of the JVM's default CAs. */
  public PulsarAdminClient(String adminUrl, Optional<String> bearerToken, Optional<SSLContext> tls) {
    this.adminUrl = adminUrl.replaceAll("/+$", "");
    this.bearerToken = bearerToken.filter(token -> !token.isBlank());
    // With several brokers, one that does not own a topic answers 307 with the owner's address.
    HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NORMAL);
    tls.ifPresent(http::sslContext);
    this.http = http.build();
  }

  public String adminUrl() {
    return adminUrl;
  }

  /** The clusters this broker's cluster knows, e.g. {@code ["standalone"]}. */
  public List<String> clusters() {
    HttpResponse<String> response = send("GET", "/admin/v2/clusters", null);
    expectOk(response, "list the clusters");
    return new JsonArray(response.body()).stream().map(String::valueOf).filter(name -> !name.equals("global")).toList();
  }

  /** A GET that must answer 200 with a JSON object. */
  public JsonObject getObject(String path) {
    HttpResponse<String> response = send("GET", path, null);
    expectOk(response, "read " + path);
    return new JsonObject(response.body());
  }

  /** A PUT that creates something: true when created, false when it was there already (409). */
  public boolean create(String path, String jsonBody, String what) {
    HttpResponse<String> response = send("PUT", path, jsonBody);
    int status = response.statusCode();
    if (status == 409) return false;
    if (status < 200 || status > 299) {
      throw new IllegalStateException("Pulsar (" + adminUrl + ") refused to create " + what + ": " + status + " " + response.body());
    }
    return true;
  }

  private HttpResponse<String> send(String method, String path, String jsonBody) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(adminUrl + path)).timeout(Duration.ofSeconds(30))
        .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) request.header("Content-Type", "application/json");
    bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("Pulsar admin " + adminUrl + " did not answer " + method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling Pulsar admin " + adminUrl, e);
    }
  }

  private void expectOk(HttpResponse<String> response, String what) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Pulsar (" + adminUrl + ") could not " + what + ": " + response.statusCode() + " " + response.body());
    }
  }
}
