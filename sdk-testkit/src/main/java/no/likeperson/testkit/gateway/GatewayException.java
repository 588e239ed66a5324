package no.likeperson.testkit.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;

/**
 * An error answer of the gateway: HTTP status plus PostgREST's {code, details, hint, message} body.
 * Thrown anywhere in request handling and rendered once by {@link Router}.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class GatewayException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final String details;
  final String hint;

  /** Extra response headers (WWW-Authenticate, headers of a RAISE SQLSTATE 'PGRST'). */
  final Map<String, String> headers = new LinkedHashMap<>();

  GatewayException(int status, String code, String message, String details, String hint) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details;
    this.hint = hint;
  }

  /**
   * Structured {@code details} (PGRST201's relationship list) instead of the {@code details} text.
   */
  com.fasterxml.jackson.databind.JsonNode jsonDetails;

  GatewayException details(com.fasterxml.jackson.databind.JsonNode details) {
    this.jsonDetails = details;
    return this;
  }

  GatewayException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  // ---- PostgREST's own errors, v13+ shapes (reference §5.3) ----

  static GatewayException parse(String message, String details) {
    return new GatewayException(400, "PGRST100", message, details, null);
  }

  static GatewayException invalidBody(String message) {
    return new GatewayException(400, "PGRST102", message, null, null);
  }

  static GatewayException range(String details) {
    return new GatewayException(416, "PGRST103", "Requested range not satisfiable", details, null);
  }

  /** {@code Prefer: handling=strict, max-affected=N} exceeded; the transaction is rolled back. */
  static GatewayException maxAffected(long affected) {
    return new GatewayException(
        400,
        "PGRST124",
        "Query result exceeds max-affected preference constraint",
        "The query affects " + affected + " rows",
        null);
  }

  static GatewayException notImplemented(String details) {
    return new GatewayException(400, "PGRST127", "Feature not implemented", details, null);
  }

  static GatewayException tableNotFound(String schema, String name) {
    return new GatewayException(
        404,
        "PGRST205",
        "Could not find the table '" + schema + "." + name + "' in the schema cache",
        null,
        null);
  }

  static GatewayException columnNotFound(String column, String table) {
    return new GatewayException(
        400,
        "PGRST204",
        "Could not find the '" + column + "' column of '" + table + "' in the schema cache",
        null,
        null);
  }

  /** What PostgreSQL itself answers (42703) for a column the relation does not have. */
  static GatewayException undefinedColumn(String table, String column) {
    return new GatewayException(
        400, "42703", "column " + table + "." + column + " does not exist", null, null);
  }

  static GatewayException singular(long rows) {
    return new GatewayException(
        406,
        "PGRST116",
        "Cannot coerce the result to a single JSON object",
        "The result contains " + rows + " rows",
        null);
  }

  static GatewayException unavailable(String code, String message) {
    return new GatewayException(503, code, message, null, null);
  }
}
