package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/** Maps a non-2xx answer (status, headers, body) to the typed exception (reference §5). */
final class ErrorMapper {

  /** Raw non-JSON bodies (HTML from a proxy, plain text) are kept up to this many characters. */
  static final int MAX_RAW_BODY_CHARS = 500;

  private final ObjectMapper mapper;
  private final Clock clock;

  ErrorMapper(ObjectMapper mapper, Clock clock) {
    this.mapper = mapper;
    this.clock = clock;
  }

  SupabaseServiceException map(
      int status, Headers headers, byte @Nullable [] body, String operation) {
    String code = null;
    String message = null;
    String details = null;
    String hint = null;
    if (body != null && body.length > 0) {
      JsonNode node = null;
      try {
        node = mapper.readTree(body);
      } catch (IOException | RuntimeException e) {
        // not JSON: a proxy page or plain text; kept raw below
      }
      if (node != null && node.isObject()) {
        code = text(node.get("code"));
        message = text(node.get("message"));
        details = text(node.get("details"));
        hint = text(node.get("hint"));
        if (message == null) {
          // some gateways use {"error": "...", "error_description": "..."} or {"msg": "..."}
          message =
              firstNonNull(
                  text(node.get("msg")),
                  text(node.get("error_description")),
                  text(node.get("error")));
        }
      } else {
        String raw = new String(body, StandardCharsets.UTF_8).trim();
        message =
            raw.length() > MAX_RAW_BODY_CHARS ? raw.substring(0, MAX_RAW_BODY_CHARS) + "…" : raw;
        if (message.isEmpty()) {
          message = null;
        }
      }
    }
    if (code == null) {
      // PostgREST 13+ repeats the code here (useful for HEAD, which has no body)
      code = proxyStatusCode(headers.get("Proxy-Status"));
    }
    if (message == null) {
      // a HEAD answer has no body: PostgREST repeats a JWT error's message in WWW-Authenticate
      message = errorDescription(headers.get("WWW-Authenticate"));
    }
    Duration retryAfter = retryAfter(headers.get("Retry-After"), clock);
    return SupabaseServiceException.of(status, code, message, details, hint, operation, retryAfter);
  }

  /** Whether a 401 means "this token is no good" (so one refresh and replay can help). */
  static boolean isTokenRejection(SupabaseServiceException e, @Nullable String wwwAuthenticate) {
    if (e.statusCode() != 401) {
      return false;
    }
    String c = e.code();
    if ("PGRST301".equals(c) || "PGRST303".equals(c)) {
      return true;
    }
    return c == null
        && wwwAuthenticate != null
        && wwwAuthenticate.toLowerCase(Locale.ROOT).contains("invalid_token");
  }

  /**
   * Parses {@code Retry-After}: delta-seconds or an HTTP-date. Returns {@code null} when absent or
   * unparseable; never negative.
   */
  static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
    if (header == null) {
      return null;
    }
    String v = header.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (v.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException e) {
        return Duration.ofSeconds(
            Long.MAX_VALUE / 1_000_000_000L); // absurdly large: the cap applies
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * {@code error_description="..."} of a {@code WWW-Authenticate: Bearer ...} header, else null.
   */
  static @Nullable String errorDescription(@Nullable String wwwAuthenticate) {
    if (wwwAuthenticate == null) {
      return null;
    }
    int i = wwwAuthenticate.indexOf("error_description=\"");
    if (i < 0) {
      return null;
    }
    int start = i + "error_description=\"".length();
    int end = wwwAuthenticate.indexOf('"', start);
    String d = end < 0 ? wwwAuthenticate.substring(start) : wwwAuthenticate.substring(start, end);
    return d.isEmpty() ? null : d;
  }

  private static @Nullable String proxyStatusCode(@Nullable String proxyStatus) {
    if (proxyStatus == null) {
      return null;
    }
    int i = proxyStatus.indexOf("error=");
    if (i < 0) {
      return null;
    }
    String rest = proxyStatus.substring(i + "error=".length()).trim();
    int end = 0;
    while (end < rest.length() && (Character.isLetterOrDigit(rest.charAt(end)))) {
      end++;
    }
    return end == 0 ? null : rest.substring(0, end);
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static @Nullable String firstNonNull(@Nullable String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
