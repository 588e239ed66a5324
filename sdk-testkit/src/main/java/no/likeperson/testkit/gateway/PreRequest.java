package no.likeperson.testkit.gateway;

import org.jspecify.annotations.NullUnmarked;

/**
 * PostgREST's {@code db-pre-request} (reference §1.4): the statement that calls the configured
 * function in the request's transaction, after the request settings and before the main statement.
 * The name is {@code function} or {@code schema.function}, split on the dot as PostgREST does; each
 * part is quoted, so the name cannot carry SQL.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class PreRequest {
  private PreRequest() {}

  /**
   * The name's parts ({@code [function]} or {@code [schema, function]}), or null when malformed.
   */
  static String[] parts(String name) {
    String[] parts = name.split("\\.", -1);
    if (parts.length > 2) {
      return null;
    }
    for (String p : parts) {
      if (p.isBlank()) {
        return null;
      }
    }
    return parts;
  }

  /** {@code SELECT "schema"."function"()} for a name {@link GatewayConfig} has validated. */
  static String statement(String name) {
    StringBuilder sb = new StringBuilder("SELECT ");
    for (String p : parts(name)) {
      if (sb.length() > 7) {
        sb.append('.');
      }
      sb.append(SqlWriter.ident(p));
    }
    return sb.append("()").toString();
  }
}
