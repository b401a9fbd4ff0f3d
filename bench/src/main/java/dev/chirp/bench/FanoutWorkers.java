package dev.chirp.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which fan-out workers the bench scrapes: the ones given with {@code --worker-url}, else every
 * {@code fanout-worker} instance the local stack's state file lists ({@code ./chirp up --replicas fanout-worker=N}),
 * else the single worker at its default port.
 */
final class FanoutWorkers {
  static final String DEFAULT_URL = "http://127.0.0.1:8084";

  private FanoutWorkers() {}

  static List<String> urls(List<String> given, Path stackState) throws IOException {
    if (given != null && !given.isEmpty()) return List.copyOf(given);
    List<String> discovered = Files.isRegularFile(stackState) ? fromStackState(Files.readString(stackState)) : List.of();
    return discovered.isEmpty() ? List.of(DEFAULT_URL) : discovered;
  }

  static List<String> fromStackState(String stackJson) {
    List<String> urls = new ArrayList<>();
    JsonArray components = new JsonObject(stackJson).getJsonArray("components", new JsonArray());
    for (int i = 0; i < components.size(); i++) {
      JsonObject component = components.getJsonObject(i);
      String name = component.getString("name", "");
      if ((name.equals("fanout-worker") || name.matches("fanout-worker-\\d+")) && component.getString("url") != null) {
        urls.add(component.getString("url"));
      }
    }
    return urls;
  }
}
