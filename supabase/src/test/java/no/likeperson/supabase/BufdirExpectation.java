package no.likeperson.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An independent Java computation of the Bufdir payload (card 001) from the raw rows, read once as
 * superuser. It shares no SQL with {@code aggregate_activities_for_org}: the subtree is walked over
 * {@code organisations.parent_id} (not the closure table), periods and grouping are done in Java.
 */
final class BufdirExpectation {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One countable row: a direct activity or a proxy activity. */
  record Row(
      UUID org,
      UUID mentor,
      UUID type,
      LocalDate date,
      long sessions,
      long minutes,
      boolean proxy,
      boolean unknownDuration) {}

  private final Map<UUID, List<UUID>> children = new HashMap<>();
  private final Map<UUID, String[]> types = new HashMap<>();
  private final Map<UUID, String> names = new HashMap<>();
  private final List<Row> rows = new ArrayList<>();

  private BufdirExpectation() {}

  static BufdirExpectation load(LocalDatabase db) throws SQLException {
    BufdirExpectation e = new BufdirExpectation();
    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement ps =
              c.prepareStatement("select id, parent_id from public.organisations");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID parent = (UUID) rs.getObject(2);
          if (parent != null) {
            e.children.computeIfAbsent(parent, k -> new ArrayList<>()).add((UUID) rs.getObject(1));
          }
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement("select id, code, name from public.activity_types");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          e.types.put((UUID) rs.getObject(1), new String[] {rs.getString(2), rs.getString(3)});
        }
      }
      try (PreparedStatement ps = c.prepareStatement("select id, full_name from public.users");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          e.names.put((UUID) rs.getObject(1), rs.getString(2));
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "select org_id, peer_mentor_id, activity_type_id, activity_date,"
                      + " session_count, duration_minutes from public.activities");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int minutes = rs.getInt(6); // SQL null -> 0: unknown duration counts as 0 minutes
          boolean unknown = rs.wasNull();
          e.rows.add(
              new Row(
                  (UUID) rs.getObject(1),
                  (UUID) rs.getObject(2),
                  (UUID) rs.getObject(3),
                  rs.getDate(4).toLocalDate(),
                  rs.getInt(5),
                  minutes,
                  false,
                  unknown));
        }
      }
      try (PreparedStatement ps =
              c.prepareStatement(
                  "select org_id, attributed_mentor_id, activity_type_id, date,"
                      + " duration_minutes from public.proxy_activities");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          e.rows.add(
              new Row(
                  (UUID) rs.getObject(1),
                  (UUID) rs.getObject(2),
                  (UUID) rs.getObject(3),
                  rs.getDate(4).toLocalDate(),
                  1,
                  rs.getInt(5),
                  true,
                  false));
        }
      }
    }
    return e;
  }

  List<Row> rows() {
    return rows;
  }

  /** The org and every organisation below it, by walking parent_id. */
  Set<UUID> subtree(UUID root) {
    Set<UUID> out = new HashSet<>();
    Deque<UUID> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      UUID o = todo.pop();
      if (out.add(o)) {
        todo.addAll(children.getOrDefault(o, List.of()));
      }
    }
    return out;
  }

  /** The payload {@code aggregate_activities_for_org} must return. */
  JsonNode expected(UUID org, LocalDate start, LocalDate end, String scope) {
    Set<UUID> orgs = scope.equals("chapter") ? Set.of(org) : subtree(org);
    // mentor -> type -> {sessions, minutes, count, proxies, unknown}; uuid order = PostgreSQL's
    // (lower-case hex)
    Map<String, Map<UUID, long[]>> byMentor = new TreeMap<>();
    Map<String, Set<String>> mentorOrgs = new TreeMap<>();
    for (Row r : rows) {
      if (!orgs.contains(r.org()) || r.date().isBefore(start) || r.date().isAfter(end)) {
        continue;
      }
      long[] acc =
          byMentor
              .computeIfAbsent(r.mentor().toString(), k -> new HashMap<>())
              .computeIfAbsent(r.type(), k -> new long[5]);
      acc[0] += r.sessions();
      acc[1] += r.minutes();
      acc[2] += 1;
      acc[3] += r.proxy() ? 1 : 0;
      acc[4] += r.unknownDuration() ? 1 : 0;
      mentorOrgs
          .computeIfAbsent(r.mentor().toString(), k -> new java.util.TreeSet<>())
          .add(r.org().toString());
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("organisation_id", org.toString());
    root.put("scope", scope);
    root.put("period_start", start.toString());
    root.put("period_end", end.toString());
    ObjectNode totals = root.putObject("totals");
    ArrayNode records = JSON.createArrayNode();
    long tSessions = 0;
    long tMinutes = 0;
    long tCount = 0;
    long tProxies = 0;
    long tUnknown = 0;
    Set<UUID> usedTypes = new HashSet<>();
    for (Map.Entry<String, Map<UUID, long[]>> m : byMentor.entrySet()) {
      ObjectNode rec = records.addObject();
      long sessions = 0;
      long minutes = 0;
      long count = 0;
      long proxies = 0;
      long unknown = 0;
      ArrayNode typeNodes = JSON.createArrayNode();
      List<Map.Entry<UUID, long[]>> typeEntries = new ArrayList<>(m.getValue().entrySet());
      typeEntries.sort(
          Comparator.comparing((Map.Entry<UUID, long[]> t) -> types.get(t.getKey())[0])
              .thenComparing(t -> t.getKey().toString()));
      for (Map.Entry<UUID, long[]> t : typeEntries) {
        long[] a = t.getValue();
        ObjectNode tn = typeNodes.addObject();
        tn.put("type", t.getKey().toString());
        tn.put("sessions", a[0]);
        tn.put("minutes", a[1]);
        tn.put("count", a[2]);
        sessions += a[0];
        minutes += a[1];
        count += a[2];
        proxies += a[3];
        unknown += a[4];
        usedTypes.add(t.getKey());
      }
      rec.put("peer_mentor_id", m.getKey());
      rec.put("full_name", names.get(UUID.fromString(m.getKey())));
      rec.put("session_count", sessions);
      rec.put("duration_minutes", minutes);
      rec.put("activity_count", count);
      rec.put("activities_without_duration", unknown);
      rec.put("proxy_activity_count", proxies);
      rec.set("activity_types", typeNodes);
      tSessions += sessions;
      tMinutes += minutes;
      tCount += count;
      tProxies += proxies;
      tUnknown += unknown;
    }
    // the dictionary: each type that occurs once, by code then id
    ArrayNode dictionary = JSON.createArrayNode();
    usedTypes.stream()
        .sorted(Comparator.comparing((UUID t) -> types.get(t)[0]).thenComparing(UUID::toString))
        .forEach(
            t ->
                dictionary
                    .addObject()
                    .put("id", t.toString())
                    .put("code", types.get(t)[0])
                    .put("name", types.get(t)[1]));
    ArrayNode multi = JSON.createArrayNode();
    mentorOrgs.forEach(
        (mentor, in) -> {
          if (in.size() > 1) {
            ObjectNode d = multi.addObject();
            d.put("peer_mentor_id", mentor);
            ArrayNode ids = d.putArray("organisation_ids");
            in.forEach(ids::add);
          }
        });
    totals.put("peer_mentor_count", (long) byMentor.size());
    totals.put("session_count", tSessions);
    totals.put("duration_minutes", tMinutes);
    totals.put("activity_count", tCount);
    totals.put("proxy_activity_count", tProxies);
    totals.put("activities_without_duration", tUnknown);
    root.set("activity_types", dictionary);
    root.set("multi_chapter_mentors", multi);
    root.set("peer_mentor_records", records);
    return normalise(root);
  }

  /** Re-parses a document so that numbers compare by value, not by Java type. */
  static JsonNode normalise(JsonNode node) {
    try {
      return JSON.readTree(JSON.writeValueAsString(node));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Date sqlDate(LocalDate d) {
    return Date.valueOf(d);
  }
}
