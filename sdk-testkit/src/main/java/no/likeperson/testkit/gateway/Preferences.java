package no.likeperson.testkit.gateway;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;

/**
 * The {@code Prefer} header (reference §3.13): all headers joined, split on commas, first token of
 * each family wins; unknown tokens collected for {@code handling=strict}.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
record Preferences(
    String returnPref,
    String count,
    String resolution,
    String missing,
    String handling,
    String tx,
    String timezone,
    Long maxAffected,
    List<String> invalid) {

  static final Preferences NONE =
      new Preferences(null, null, null, null, null, null, null, null, List.of());

  static Preferences parse(List<String> headers) {
    String ret = null,
        count = null,
        resolution = null,
        missing = null,
        handling = null,
        tx = null,
        tz = null;
    Long maxAffected = null;
    List<String> invalid = new ArrayList<>();
    for (String h : headers) {
      for (String raw : h.split(",")) {
        String t = raw.trim();
        if (t.isEmpty()) continue;
        int eq = t.indexOf('=');
        String k = eq < 0 ? t : t.substring(0, eq).trim();
        String v = eq < 0 ? "" : t.substring(eq + 1).trim();
        boolean known = true;
        switch (k) {
          case "return" -> {
            if (v.equals("minimal") || v.equals("representation") || v.equals("headers-only")) {
              if (ret == null) ret = v;
            } else known = false;
          }
          case "count" -> {
            if (v.equals("exact") || v.equals("planned") || v.equals("estimated")) {
              if (count == null) count = v;
            } else known = false;
          }
          case "resolution" -> {
            if (v.equals("merge-duplicates") || v.equals("ignore-duplicates")) {
              if (resolution == null) resolution = v;
            } else known = false;
          }
          case "missing" -> {
            if (v.equals("default") || v.equals("null")) {
              if (missing == null) missing = v;
            } else known = false;
          }
          case "handling" -> {
            if (v.equals("strict") || v.equals("lenient")) {
              if (handling == null) handling = v;
            } else known = false;
          }
          case "tx" -> {
            if (v.equals("commit") || v.equals("rollback")) {
              if (tx == null) tx = v;
            } else known = false;
          }
          case "timezone" -> {
            if (!v.isEmpty()) {
              if (tz == null) tz = v;
            } else known = false;
          }
          case "max-affected" -> {
            try {
              long n = Long.parseLong(v);
              if (maxAffected == null) maxAffected = n;
            } catch (NumberFormatException e) {
              known = false;
            }
          }
          default -> known = false;
        }
        if (!known) invalid.add(t);
      }
    }
    return new Preferences(
        ret, count, resolution, missing, handling, tx, tz, maxAffected, List.copyOf(invalid));
  }

  boolean strict() {
    return "strict".equals(handling);
  }

  boolean representation() {
    return "representation".equals(returnPref);
  }
}
