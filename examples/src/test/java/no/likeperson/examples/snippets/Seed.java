package no.likeperson.examples.snippets;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import no.likeperson.testkit.LocalSupabase;

/** Raw SQL as superuser, for the expected figures of the snippet tests (ids: {@code SeedData}). */
final class Seed {

  /** Ids of the national root's subtree, from {@code organisations.parent_id} (not the closure). */
  static final String SUBTREE =
      "with recursive t(id) as (select ?::uuid union all select o.id from public.organisations o "
          + "join t on o.parent_id = t.id) ";

  private Seed() {}

  /** The single {@code long} a query returns. */
  static long count(LocalSupabase supabase, String query, Object... args) throws SQLException {
    try (Connection c = connect(supabase);
        PreparedStatement ps = prepare(c, query, args);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of every row, as text. */
  static List<String> column(LocalSupabase supabase, String query, Object... args)
      throws SQLException {
    try (Connection c = connect(supabase);
        PreparedStatement ps = prepare(c, query, args);
        ResultSet rs = ps.executeQuery()) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static Connection connect(LocalSupabase supabase) throws SQLException {
    return DriverManager.getConnection(
        supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
  }

  private static PreparedStatement prepare(Connection c, String query, Object... args)
      throws SQLException {
    PreparedStatement ps = c.prepareStatement(query);
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
    return ps;
  }
}
