package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;

/**
 * Everything about an API request the engine needs, read once from Undertow: method, path below
 * {@code /rest/v1}, lower-cased headers, the {@code Prefer} values, the decoded query and the body.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
record ApiRequest(
    String method,
    String path,
    Map<String, String> headers,
    List<String> prefer,
    List<String[]> query,
    byte[] body) {
  String header(String lowerName) {
    return headers.get(lowerName);
  }

  /** The JSON body (400 PGRST102 when empty or invalid; form and CSV bodies are not supported). */
  JsonNode payload(ObjectMapper json) {
    String ct = header("content-type");
    if (ct != null) {
      String type = ct.split(";")[0].trim().toLowerCase(Locale.ROOT);
      if (type.equals("application/x-www-form-urlencoded") || type.equals("text/csv")) {
        throw GatewayException.notImplemented(
            "Content-Type " + type + " is not supported by the local gateway");
      }
      if (!type.equals("application/json") && !type.isEmpty()) {
        throw GatewayException.invalidBody("Content-Type not acceptable: " + ct);
      }
    }
    try {
      if (body().length == 0) {
        throw GatewayException.invalidBody("Empty or invalid json");
      }
      JsonNode n = json.readTree(body());
      if (n == null || n.isMissingNode()) {
        throw GatewayException.invalidBody("Empty or invalid json");
      }
      return n;
    } catch (GatewayException e) {
      throw e;
    } catch (Exception e) {
      throw GatewayException.invalidBody("Empty or invalid json");
    }
  }
}
