package dev.chirp.common.http;

import dev.chirp.common.error.ApiException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** Reading requests and writing JSON the way the API contract says: ids as strings, RFC 3339 UTC times, paging. */
public final class ApiRequests {
  public static final int DEFAULT_LIMIT = 20;
  public static final int MAX_LIMIT = 100;
  private static final DateTimeFormatter RFC_3339_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ApiRequests() {
  }

  /** A path or query id: a positive 64-bit integer, else 400. */
  public static long id(String raw, String what) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) return id;
    } catch (NumberFormatException | NullPointerException ignored) {
      // answered below
    }
    throw ApiException.badRequest("invalid_id", what + " must be a positive integer id, was '" + raw + "'");
  }

  public static long pathId(RoutingContext ctx, String param) {
    return id(ctx.pathParam(param), param);
  }

  /** The request body as a JSON object, else 400. */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (ClassCastException e) {
      body = null;
    }
    if (body == null) throw ApiException.badRequest("invalid_body", "the request body must be a JSON object");
    return body;
  }

  /** A string field, else 400 with {@code code}. */
  public static String string(JsonObject body, String field, String code) {
    Object value = body.getValue(field);
    if (!(value instanceof String text)) throw ApiException.badRequest(code, field + " is required and must be a string");
    return text;
  }

  public static int limit(RoutingContext ctx) {
    String raw = ctx.queryParams().get("limit");
    if (raw == null) return DEFAULT_LIMIT;
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) return limit;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.badRequest("invalid_limit", "limit must be an integer from 1 to " + MAX_LIMIT);
  }

  /** Time-ordered lists page with {@code max_id}: only ids below it (exclusive). Long.MAX_VALUE when absent. */
  public static long maxId(RoutingContext ctx) {
    String raw = ctx.queryParams().get("max_id");
    if (raw == null || raw.isEmpty()) return Long.MAX_VALUE;
    try {
      long maxId = Long.parseLong(raw);
      if (maxId > 0) return maxId;
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw ApiException.badRequest("invalid_max_id", "max_id must be a positive integer id, was '" + raw + "'");
  }

  /** Graph lists page with an opaque cursor: the last id of the previous page. 0 when there is none. */
  public static long cursor(RoutingContext ctx) {
    String raw = ctx.queryParams().get("cursor");
    if (raw == null || raw.isEmpty()) return 0;
    try {
      long after = Long.parseLong(new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8));
      if (after > 0) return after;
    } catch (IllegalArgumentException ignored) {
      // answered below
    }
    throw ApiException.badRequest("invalid_cursor", "cursor is not one this API gave out");
  }

  public static String cursorAfter(long id) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(id).getBytes(StandardCharsets.UTF_8));
  }

  public static String time(Instant instant) {
    return RFC_3339_MILLIS.format(instant);
  }
}
