package dev.chirp.common.auth;

import dev.chirp.common.error.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** Route handler that admits only requests with a valid bearer token and records who is acting. */
public final class BearerAuth implements Handler<RoutingContext> {
  private static final String ACTING_USER = "chirp.actingUser";
  private final JwtTokens tokens;

  public BearerAuth(JwtTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    tokens.authenticate(token).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(ACTING_USER, result.result());
        ctx.next();
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  public static long actingUser(RoutingContext ctx) {
    Long user = ctx.get(ACTING_USER);
    if (user == null) throw new IllegalStateException("route is not behind BearerAuth");
    return user;
  }

  /** 403 unless the token's subject is the user named by the path parameter. */
  public static long requireSelf(RoutingContext ctx, String pathParam) {
    long acting = actingUser(ctx);
    String claimed = ctx.pathParam(pathParam);
    if (!Long.toString(acting).equals(claimed)) {
      throw ApiException.forbidden("a token for user " + acting + " cannot act for user " + claimed);
    }
    return acting;
  }
}
