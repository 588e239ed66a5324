package no.likeperson.sdk.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import no.likeperson.testkit.LocalSupabase;

/**
 * Identities of supabase/seed.sql, and expected statistics computed from the seed's raw rows over
 * JDBC as superuser (bypassing RLS and the views): one row per activity, aggregated here in Java.
 */
final class Seed {

  static final UUID ORG_OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");
  static final UUID ORG_BAERUM = UUID.fromString("a0000000-0000-4000-8000-000000000112");
  static final UUID ORG_TRONDHEIM = UUID.fromString("b0000000-0000-4000-8000-000000000011");
  static final UUID COORD_OSLO = UUID.fromString("20000000-0000-4000-8000-000000000001");
  static final UUID COORD_TRONDHEIM = UUID.fromString("20000000-0000-4000-8000-000000000004");
  static final UUID MENTOR_OSLO = UUID.fromString("30000000-0000-4000-8000-000000000001");
  static final UUID MENTOR_MULTI = UUID.fromString("30000000-0000-4000-8000-000000000002");
  static final UUID TYPE_TALK = UUID.fromString("d0000000-0000-4000-8000-000000000001");

  static final ObjectMapper JSON = new ObjectMapper();

  private Seed() {}

  static Connection jdbc(LocalSupabase supabase) throws SQLException {
    return DriverManager.getConnection(
        supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
  }

  /** A (month, type) cell: count and minutes. */
  record Key(YearMonth month, UUID typeId, String code) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = month.compareTo(o.month);
      return c != 0 ? c : typeId.compareTo(o.typeId);
    }
  }

  /**
   * What the stats of {@code q} must be: every direct and proxy activity row of the subject in the
   * organisation, months from activity_date, null durations as 0, summed in Java.
   *
   * @param which "direct", "proxy" or "both"
   */
  static List<StatsRow> expected(LocalSupabase supabase, StatsQuery q, String which)
      throws SQLException {
    boolean coordinator = q.subject() == StatsQuery.Subject.COORDINATOR;
    String direct =
        "select a.activity_date, a.activity_type_id, t.code, a.duration_minutes from public.activities a "
            + "join public.activity_types t on t.id = a.activity_type_id where a.org_id = ? and a."
            + (coordinator ? "coordinator_id" : "peer_mentor_id")
            + " = ?";
    String proxy =
        "select p.date, p.activity_type_id, t.code, p.duration_minutes from public.proxy_activities p "
            + "join public.activity_types t on t.id = p.activity_type_id where p.org_id = ? and p."
            + (coordinator ? "coordinator_id" : "attributed_mentor_id")
            + " = ?";
    Map<Key, long[]> cells = new TreeMap<>();
    try (Connection c = jdbc(supabase)) {
      for (String sql :
          which.equals("both")
              ? List.of(direct, proxy)
              : List.of(which.equals("direct") ? direct : proxy)) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setObject(1, q.orgId());
          ps.setObject(2, q.subjectId());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              YearMonth m = YearMonth.from(rs.getObject(1, LocalDate.class));
              if (!q.covers(m)) {
                continue;
              }
              long[] cell =
                  cells.computeIfAbsent(
                      new Key(m, rs.getObject(2, UUID.class), rs.getString(3)), k -> new long[2]);
              cell[0]++;
              cell[1] += rs.getLong(4); // SQL null -> 0
            }
          }
        }
      }
    }
    List<StatsRow> out = new ArrayList<>();
    cells.forEach(
        (k, v) ->
            out.add(
                new StatsRow(
                    q.orgId(), q.subjectId(), k.month(), k.typeId(), k.code(), v[0], v[1])));
    return out;
  }

  /** Runs a statement as superuser. */
  static int update(LocalSupabase supabase, String sql, Object... args) throws SQLException {
    try (Connection c = jdbc(supabase);
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }
}
