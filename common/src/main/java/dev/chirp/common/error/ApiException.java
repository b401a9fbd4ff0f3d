package dev.chirp.common.error;

/**
 * A failure the client should see as it is: status, a stable snake_case code and a human message
 * (the error envelope of the API contract). Thrown or failed into a route; the failure handler renders it.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Integer retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public ApiException(int status, String code, String message, Integer retryAfterSeconds, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException badRequest(String code, String message) {
    return new ApiException(400, code, message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message);
  }

  /** A dependency (engine) is down or overloaded: 503 with Retry-After, never a silent success. */
  public static ApiException unavailable(String dependency, Throwable cause) {
    return new ApiException(503, "service_unavailable", dependency + " is unavailable, retry later", 2, cause);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
