package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.admin.Certification;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.Test;

/**
 * Runs AdminExample on the local stack and checks what it saw against superuser queries over JDBC.
 */
@LocalSupabaseTest(resetData = true)
class AdminExampleTest {

  LocalSupabase supabase;

  private List<Object> column(String query, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<Object> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1));
        }
      }
      return out;
    }
  }

  private long activePersonsUnder(UUID root) throws Exception {
    return ((Number)
            column(
                    "with recursive sub(id) as (select ?::uuid union all select o.id from public.organisations o "
                        + "join sub on o.parent_id = sub.id) select count(distinct m.user_id) from public.org_memberships m "
                        + "join public.users u on u.id = m.user_id where m.org_id in (select id from sub) and u.status = 'active'",
                    root)
                .get(0))
        .longValue();
  }

  @Test
  void example_showsTheRightNumbers_andTheRefusals() throws Exception {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    AdminExample.Summary s;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      s = AdminExample.run(supabase, out);
    }
    assertThat(s.national().activeUserCount()).isEqualTo(activePersonsUnder(Demo.ORG_NATIONAL));
    assertThat(s.osloNarrowed().activeUserCount()).isEqualTo(activePersonsUnder(Demo.ORG_OSLO));
    assertThat(s.regionOst().activeUserCount()).isEqualTo(activePersonsUnder(Demo.ORG_REGION_OST));
    assertThat(s.foreignRootRefusedBeforeSending()).isTrue();
    assertThat(s.foreignScopeServerCode()).isEqualTo("42501");
    assertThat(s.osloExpiringWithin30Days().stream().map(Certification::id).sorted().toList())
        .isEqualTo(
            column(
                "select id from public.peer_mentor_certifications where org_id = ? and status = 'active' "
                    + "and expires_at <= now() + interval '30 days' order by id",
                Demo.ORG_OSLO));
    assertThat(s.mentorOslosOwn().stream().map(Certification::id).sorted().toList())
        .isEqualTo(
            column(
                "select id from public.peer_mentor_certifications where peer_mentor_id = ? order by id",
                Demo.MENTOR_OSLO));
    assertThat(buffer.toString(StandardCharsets.UTF_8))
        .contains("national:")
        .contains("refused before sending")
        .contains("refused by the server (42501)");
  }
}
