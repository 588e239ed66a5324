package no.likeperson.testkit.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.NullUnmarked;

/**
 * How the body is shaped (reference §3.12): an array or one object, with or without null members.
 */
@NullUnmarked // engine of the gateway, not yet null-annotated (docs/api.md, Nullness)
enum Media {
  ARRAY,
  ARRAY_STRIPPED,
  OBJECT,
  OBJECT_STRIPPED;

  static final String JSON_TYPE = "application/json; charset=utf-8";

  /** Accept negotiation; q-values honoured, first acceptable wins (reference §3.12). */
  static Media negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return Media.ARRAY;
    }
    record Choice(String type, boolean stripped, double q, int order) {}
    List<Choice> choices = new ArrayList<>();
    String[] parts = accept.split(",");
    for (int i = 0; i < parts.length; i++) {
      String[] params = parts[i].split(";");
      String type = params[0].trim().toLowerCase(Locale.ROOT);
      boolean stripped = false;
      double q = 1;
      for (int j = 1; j < params.length; j++) {
        String p = params[j].trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (p.equals("nulls=stripped")) stripped = true;
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (q > 0) choices.add(new Choice(type, stripped, q, i));
    }
    choices.sort(
        (a, b) ->
            a.q() != b.q() ? Double.compare(b.q(), a.q()) : Integer.compare(a.order(), b.order()));
    for (Choice c : choices) {
      switch (c.type()) {
        case "application/json", "*/*", "application/*" -> {
          return Media.ARRAY;
        }
        case "application/vnd.pgrst.array+json" -> {
          return c.stripped() ? Media.ARRAY_STRIPPED : Media.ARRAY;
        }
        case "application/vnd.pgrst.object+json", "application/vnd.pgrst.object" -> {
          return c.stripped() ? Media.OBJECT_STRIPPED : Media.OBJECT;
        }
        case "text/csv",
            "application/geo+json",
            "application/vnd.pgrst.plan",
            "application/vnd.pgrst.plan+json",
            "application/vnd.pgrst.plan+text",
            "application/openapi+json" ->
            throw GatewayException.notImplemented(
                "Media type " + c.type() + " is not supported by the local gateway");
        default -> {}
      }
    }
    throw new GatewayException(
        406, "PGRST107", "None of these media types are available: " + accept.trim(), null, null);
  }

  static String bodyAggregate(Media media, String rowExpr, boolean head) {
    if (head) return "NULL::text";
    return switch (media) {
      case ARRAY -> "coalesce(pg_catalog.json_agg(" + rowExpr + "), '[]')::text";
      case ARRAY_STRIPPED ->
          "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg(" + rowExpr + ")), '[]')::text";
      case OBJECT -> "coalesce((pg_catalog.json_agg(" + rowExpr + ")->0)::text, 'null')";
      case OBJECT_STRIPPED ->
          "coalesce(pg_catalog.json_strip_nulls(pg_catalog.json_agg("
              + rowExpr
              + ")->0)::text, 'null')";
    };
  }

  static boolean singular(Media m) {
    return m == Media.OBJECT || m == Media.OBJECT_STRIPPED;
  }

  static String contentType(Media m) {
    return switch (m) {
      case OBJECT -> "application/vnd.pgrst.object+json; charset=utf-8";
      case OBJECT_STRIPPED -> "application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8";
      case ARRAY_STRIPPED -> "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8";
      default -> JSON_TYPE;
    };
  }
}
