package no.likeperson.testkit.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.likeperson.testkit.gateway.TransactionRunner.MainRow;
import org.jspecify.annotations.NullUnmarked;

/**
 * Pieces every response is made of: the row range, Content-Range and status, response GUCs,
 * Preference-Applied.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
final class ResponseParts {
  private static final Pattern RANGE = Pattern.compile("^([0-9]+)-([0-9]*)$");

  private final GatewayConfig config;
  private final ObjectMapper json;

  ResponseParts(GatewayConfig config, ObjectMapper json) {
    this.config = config;
    this.json = json;
  }

  record Range(long lower, Long upper) {
    Long sqlLimit() {
      return upper == null ? null : RangeBounds.rowCount(lower, upper);
    }
  }

  Range range(ApiRequest req, QueryParams p, boolean applyMaxRows) {
    long lower = p.offset;
    Long upper = p.limit == null ? null : RangeBounds.lastRow(p.offset, p.limit);
    if (req.method().equals("GET") && req.header("range") != null) {
      Matcher m = RANGE.matcher(req.header("range").trim());
      if (m.matches()) {
        long from = RangeBounds.bound(m.group(1));
        Long to = m.group(2).isEmpty() ? null : RangeBounds.bound(m.group(2));
        if (to != null && from > to) {
          throw GatewayException.range(
              "The lower boundary must be lower than or equal to the upper boundary in the Range header.");
        }
        long newLower = Math.max(lower, from);
        Long newUpper =
            to == null
                ? upper
                : upper == null ? Long.valueOf(to) : Long.valueOf(Math.min(upper, to));
        lower = newLower;
        upper = newUpper;
      }
    }
    if (applyMaxRows && config.maxRows() != null) {
      long cap = RangeBounds.cap(lower, config.maxRows());
      upper = upper == null ? cap : Math.min(upper, cap);
    }
    return new Range(lower, upper);
  }

  /** Content-Range and 200/206/416 (reference §4). */
  static int readStatus(Map<String, String> h, long lower, long rows, Long total) {
    long upper = lower + rows - 1;
    String rangeString =
        (total == null || total != 0) && lower <= upper ? lower + "-" + upper : "*";
    h.put("Content-Range", rangeString + "/" + (total == null ? "*" : String.valueOf(total)));
    if (total == null) return 200;
    if (lower > total) {
      // PostgREST keeps the read's headers on this 416 (ApiResponse.hs): Content-Range */<total>
      // included
      GatewayException e =
          GatewayException.range(
                  "An offset of "
                      + lower
                      + " was requested, but there are only "
                      + total
                      + " rows.")
              .header("Content-Range", h.get("Content-Range"));
      if (h.containsKey("Preference-Applied"))
        e.header("Preference-Applied", h.get("Preference-Applied"));
      throw e;
    }
    return rows < total ? 206 : 200;
  }

  static void appendLimitOffset(SqlWriter w, Range range) {
    Long limit = range.sqlLimit();
    if (limit != null) {
      w.append(" LIMIT ").longValue(limit);
    }
    if (range.lower() > 0) {
      w.append(" OFFSET ").longValue(range.lower());
    }
  }

  /** Applies response.headers / response.status set by the query (reference §1.5). */
  void responseGucs(MainRow row, Map<String, String> headers, int[] status) {
    if (row.responseHeaders() != null) {
      try {
        JsonNode n = json.readTree(row.responseHeaders());
        if (!n.isArray()) throw new IllegalArgumentException();
        for (JsonNode o : n) {
          if (!o.isObject() || o.size() != 1) throw new IllegalArgumentException();
          Map.Entry<String, JsonNode> e = o.properties().iterator().next();
          headers.put(e.getKey(), e.getValue().asText());
        }
      } catch (Exception e) {
        throw new GatewayException(
            500,
            "PGRST111",
            "response.headers guc must be a JSON array composed of objects with a single key and a string value",
            null,
            null);
      }
    }
    if (row.responseStatus() != null) {
      try {
        status[0] = Integer.parseInt(row.responseStatus().trim());
      } catch (NumberFormatException e) {
        throw new GatewayException(
            500, "PGRST112", "response.status guc must be a valid status code", null, null);
      }
    }
  }

  String preferenceApplied(
      Preferences prefs,
      boolean resolution,
      boolean missing,
      boolean ret,
      boolean count,
      boolean maxAffected) {
    List<String> a = new ArrayList<>();
    if (resolution && prefs.resolution() != null) a.add("resolution=" + prefs.resolution());
    if (missing && prefs.missing() != null) a.add("missing=" + prefs.missing());
    if (ret && prefs.returnPref() != null) a.add("return=" + prefs.returnPref());
    if (count && prefs.count() != null) a.add("count=" + prefs.count());
    if (config.txOverrideAllowed() && prefs.tx() != null) a.add("tx=" + prefs.tx());
    if (prefs.handling() != null) a.add("handling=" + prefs.handling());
    if (prefs.timezone() != null) a.add("timezone=" + prefs.timezone());
    if (maxAffected && prefs.maxAffected() != null && prefs.strict())
      a.add("max-affected=" + prefs.maxAffected());
    return a.isEmpty() ? null : String.join(", ", a);
  }
}
