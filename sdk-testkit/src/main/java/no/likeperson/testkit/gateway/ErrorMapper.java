package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** SQLSTATE to HTTP, exactly PostgREST's table (reference §5.2, v13.0.1+ for 22023). */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class ErrorMapper {
  private ErrorMapper() {}

  static int httpStatusFor(String st, String msg, boolean authenticated) {
    if (st.startsWith("08")) return 503;
    if (st.startsWith("09")) return 500;
    if (st.startsWith("0L") || st.startsWith("0P")) return 403;
    switch (st) {
      case "23503":
      case "23505":
        return 409;
      case "25006":
        return 405;
      case "21000":
        return msg.endsWith("requires a WHERE clause") ? 400 : 500;
      case "22023":
        return msg.startsWith("role") && msg.endsWith("does not exist") ? 401 : 400;
      default:
        break;
    }
    if (st.startsWith("25")) return 500;
    if (st.startsWith("28")) return 403;
    if (st.startsWith("2D")
        || st.startsWith("38")
        || st.startsWith("39")
        || st.startsWith("3B")
        || st.startsWith("40")) return 500;
    if (st.equals("53400")) return 500;
    if (st.startsWith("53")) return 503;
    if (st.startsWith("54") || st.startsWith("55")) return 500;
    if (st.equals("57P01")) return 503;
    if (st.startsWith("57") || st.startsWith("58") || st.startsWith("F0") || st.startsWith("HV"))
      return 500;
    if (st.equals("P0001")) return 400;
    if (st.startsWith("P0") || st.startsWith("XX")) return 500;
    if (st.equals("42883")) return msg.startsWith("function xmlagg(") ? 406 : 404;
    if (st.equals("42P01")) return 404;
    if (st.equals("42P17")) return 500;
    if (st.equals("42501")) return authenticated ? 403 : 401;
    if (st.startsWith("PT")) {
      try {
        int s = Integer.parseInt(st.substring(2));
        return s >= 100 && s <= 599 ? s : 500;
      } catch (NumberFormatException e) {
        return 500;
      }
    }
    return 400;
  }

  /** Converts a JDBC failure into the answer PostgREST gives for it. */
  static GatewayException fromSql(SQLException e, boolean authenticated, ObjectMapper json) {
    if (e instanceof SQLTransientConnectionException) {
      // HikariCP: no connection within connectionTimeout. Unreachable database or exhausted pool.
      Throwable cause = e.getCause();
      if (cause instanceof SQLException
          && ((SQLException) cause).getSQLState() != null
          && ((SQLException) cause).getSQLState().startsWith("08")) {
        return connectionError();
      }
      if (cause != null) {
        return connectionError();
      }
      return new GatewayException(
          504, "PGRST003", "Timed out acquiring connection from connection pool.", null, null);
    }
    ServerErrorMessage sem =
        e instanceof PSQLException ? ((PSQLException) e).getServerErrorMessage() : null;
    if (sem == null || sem.getSQLState() == null) {
      String state = e.getSQLState();
      if (state == null || state.startsWith("08")) {
        return connectionError();
      }
      return new GatewayException(
          httpStatusFor(state, String.valueOf(e.getMessage()), authenticated),
          state,
          String.valueOf(e.getMessage()),
          null,
          null);
    }
    String st = sem.getSQLState();
    String msg = sem.getMessage() == null ? "" : sem.getMessage();
    if (st.equals("PGRST")) {
      return fromRaisePgrst(msg, sem.getDetail(), json);
    }
    int status = httpStatusFor(st, msg, authenticated);
    GatewayException g = new GatewayException(status, st, msg, sem.getDetail(), sem.getHint());
    if (status == 401) {
      g.header("WWW-Authenticate", "Bearer");
    }
    return g;
  }

  static GatewayException connectionError() {
    return GatewayException.unavailable(
        "PGRST000", "Database connection error. Retrying the connection.");
  }

  /** RAISE SQLSTATE 'PGRST' with JSON MESSAGE and DETAIL (reference §5.4). */
  private static GatewayException fromRaisePgrst(String message, String detail, ObjectMapper json) {
    JsonNode body;
    try {
      body = json.readTree(message);
    } catch (Exception ex) {
      body = null;
    }
    if (body == null
        || !body.isObject()
        || !body.path("code").isTextual()
        || !body.path("message").isTextual()) {
      return new GatewayException(
          500,
          "PGRST121",
          "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
          "Invalid JSON value for MESSAGE: '" + message + "'",
          "MESSAGE must be a JSON object with obligatory keys: 'code', 'message' and optional keys: 'details', 'hint'.");
    }
    if (detail == null) {
      return new GatewayException(
          500,
          "PGRST121",
          "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
          "DETAIL is missing in the RAISE statement",
          "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.");
    }
    JsonNode d;
    try {
      d = json.readTree(detail);
    } catch (Exception ex) {
      d = null;
    }
    if (d == null
        || !d.isObject()
        || !d.path("status").canConvertToInt()
        || !d.path("status").isNumber()
        || !d.path("headers").isObject()) {
      return new GatewayException(
          500,
          "PGRST121",
          "Could not parse JSON in the \"RAISE SQLSTATE 'PGRST'\" error",
          "Invalid JSON value for DETAIL: '" + detail + "'",
          "DETAIL must be a JSON object with obligatory keys: 'status', 'headers' and optional key: 'status_text'.");
    }
    GatewayException g =
        new GatewayException(
            d.get("status").asInt(),
            body.get("code").asText(),
            body.get("message").asText(),
            textOrNull(body.get("details")),
            textOrNull(body.get("hint")));
    for (Map.Entry<String, JsonNode> h : d.get("headers").properties()) {
      g.header(h.getKey(), h.getValue().asText());
    }
    return g;
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
