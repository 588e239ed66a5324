package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import no.likeperson.sdk.bufdir.ProxyActivity;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link BufdirExample} on the local stack and checks it against superuser queries over JDBC.
 */
@LocalSupabaseTest(resetData = true)
class BufdirExampleTest {

  LocalSupabase supabase;

  long sql(String query, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void example_registersOnce_andReportsWhatTheRawRowsSay() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    BufdirExample.Result r;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      r = BufdirExample.run(supabase, out);
    }
    String output = buffer.toString(StandardCharsets.UTF_8);

    for (ProxyActivity a : r.registered()) {
      assertThat(sql("select count(*) from public.proxy_activities where id = ?", a.id()))
          .isEqualTo(1);
    }
    long activities =
        sql(
            "select (select count(*) from public.activities where org_id = ? and activity_date"
                + " between ? and ?) + (select count(*) from public.proxy_activities where org_id = ? and date between ? and ?)",
            BufdirExample.ORG_OSLO,
            BufdirExample.YEAR_START,
            BufdirExample.YEAR_END,
            BufdirExample.ORG_OSLO,
            BufdirExample.YEAR_START,
            BufdirExample.YEAR_END);
    assertThat(r.chapter().totals().activityCount()).isEqualTo(activities);
    assertThat(r.regionRecords()).isEqualTo(r.region().totals().peerMentorCount());
    assertThat(r.region().multiChapterMentors())
        .anyMatch(d -> d.peerMentorId().equals(BufdirExample.MENTOR_MULTI));
    assertThat(output)
        .contains(
            "1. coord.oslo registered 2",
            "2. Oslo 2026:",
            "3. Øst 2026 streamed",
            "4. counted once");
  }
}
