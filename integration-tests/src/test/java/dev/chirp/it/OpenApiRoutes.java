package dev.chirp.it;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.openapi.contract.OpenAPIContract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static dev.chirp.it.HttpCalls.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Checks a service's served OpenAPI document against the API routes its router really has. */
public final class OpenApiRoutes {
  private OpenApiRoutes() {
  }

  public static void assertDocumentsExactly(Vertx vertx, HttpCalls http, Router router) {
    HttpResponse<Buffer> served = http.get("/openapi.yaml");
    assertThat(served.statusCode()).isEqualTo(200);
    OpenAPIContract contract;
    try {
      Path file = Files.createTempFile("openapi", ".yaml");
      try {
        Files.write(file, served.body().getBytes());
        contract = await(OpenAPIContract.from(vertx, file.toString()));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> documented = new TreeSet<>();
    contract.operations().forEach(op -> documented.add(op.getHttpMethod().name() + " " + op.getOpenAPIPath()));
    Set<String> routed = new TreeSet<>();
    router.getRoutes().stream().filter(r -> r.getPath() != null && r.getPath().startsWith("/api/"))
        .forEach(r -> r.methods().forEach(m -> routed.add(m.name() + " " + r.getPath().replaceAll(":([a-z_]+)", "{$1}"))));
    assertThat(routed).isNotEmpty().isEqualTo(documented);
  }
}
