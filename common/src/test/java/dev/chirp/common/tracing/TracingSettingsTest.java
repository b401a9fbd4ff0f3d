package dev.chirp.common.tracing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TracingSettingsTest {
  @Test
  void offByDefaultWithTheCollectorsGrpcPortAndEveryTraceSampled() {
    TracingSettings settings = TracingSettings.resolve(Map.of(), Map.of());

    assertThat(settings).isEqualTo(new TracingSettings("none", "http://127.0.0.1:4317", 1.0));
    assertThat(settings.enabled()).isFalse();
  }

  @Test
  void environmentVariablesThenSystemPropertiesOverrideAndOtherVariablesAreLeftToTheFullConfiguration() {
    Map<String, String> env = Map.of("CHIRP_TRACING_EXPORTER", "otlp",
        "CHIRP_TRACING_OTLP_ENDPOINT", "http://otel-collector.monitoring.svc.cluster.local:4317",
        "CHIRP_TRACING_SAMPLE_RATIO", "0.25", "CHIRP_NO_SUCH_KEY", "x");

    assertThat(TracingSettings.resolve(env, Map.of()))
        .isEqualTo(new TracingSettings("otlp", "http://otel-collector.monitoring.svc.cluster.local:4317", 0.25));
    assertThat(TracingSettings.resolve(env, Map.of("chirp.tracing.exporter", "logging")).exporter()).isEqualTo("logging");
  }

  @Test
  void aLaunchersOverridesWinOverItsEnvironmentAndOtherKeysAreIgnored() {
    TracingSettings settings = TracingSettings.resolveWith(Map.of("CHIRP_TRACING_EXPORTER", "otlp"),
        Map.of("tracing.exporter", "logging", "tracing.sample-ratio", "0", "http.instances", "2"));

    assertThat(settings).isEqualTo(new TracingSettings("logging", "http://127.0.0.1:4317", 0.0));
  }

  @Test
  void anUnknownExporterOrARatioOutsideZeroToOneIsAnError() {
    assertThatThrownBy(() -> TracingSettings.resolve(Map.of("CHIRP_TRACING_EXPORTER", "zipkin"), Map.of()))
        .hasMessageContaining("CHIRP_TRACING_EXPORTER").hasMessageContaining("zipkin");
    assertThatThrownBy(() -> TracingSettings.resolve(Map.of("CHIRP_TRACING_SAMPLE_RATIO", "1.5"), Map.of()))
        .hasMessageContaining("CHIRP_TRACING_SAMPLE_RATIO");
    assertThatThrownBy(() -> TracingSettings.resolve(Map.of("CHIRP_TRACING_SAMPLE_RATIO", "all"), Map.of()))
        .hasMessageContaining("CHIRP_TRACING_SAMPLE_RATIO");
  }
}
