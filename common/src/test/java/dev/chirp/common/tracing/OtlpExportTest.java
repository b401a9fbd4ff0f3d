package dev.chirp.common.tracing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tracing.exporter=otlp sends OTLP over gRPC to tracing.otlp-endpoint: a stand-in collector (an HTTP/2 cleartext
 * server answering gRPC's OK) receives the export call with the service's name and the span in its payload.
 */
class OtlpExportTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void spansGoToTheCollectorOverGrpc() throws Exception {
    HttpServer collector = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      calls.add(request.version() + " " + request.method() + " " + request.path() + " " + request.getHeader("content-type")
          + " " + new String(body.getBytes(), StandardCharsets.ISO_8859_1));
      // An empty ExportTraceServiceResponse, then grpc-status 0 (OK) in the trailers.
      request.response().putHeader("content-type", "application/grpc").putTrailer("grpc-status", "0")
          .end(Buffer.buffer(new byte[5]));
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();

    Tracing tracing = Tracing.start("tweet-svc",
        new TracingSettings("otlp", "http://127.0.0.1:" + collector.actualPort(), 1.0));
    tracing.openTelemetry().getTracer("test").spanBuilder("publish TweetCreated").startSpan().end();
    tracing.close();

    assertThat(calls).singleElement().asString()
        .startsWith(HttpVersion.HTTP_2 + " POST /opentelemetry.proto.collector.trace.v1.TraceService/Export application/grpc")
        .contains("tweet-svc").contains("publish TweetCreated");
  }
}
