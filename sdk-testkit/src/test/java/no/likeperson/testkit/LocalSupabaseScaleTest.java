package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code scale(...)} (the jar's {@code --scale}) loads a generated data set instead of the seed;
 * tokens and RLS work for the generated users. A tiny size keeps it quick; the NHF size only
 * changes numbers.
 */
class LocalSupabaseScaleTest {

  static LocalSupabase supabase;

  @BeforeAll
  static void start() {
    supabase = LocalSupabase.builder().scale(new ScaleOptions(10, 40, 600, 1, 7L)).start();
  }

  @AfterAll
  static void stop() {
    if (supabase != null) {
      supabase.close();
    }
  }

  static Object query(String sql, Object... args) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getObject(1);
      }
    }
  }

  @Test
  void scale_replacesTheSeedWithTheGeneratedDataSet() throws Exception {
    assertThat(query("select count(*) from public.organisations where id = ?", SeedData.ORG_OSLO))
        .isEqualTo(0L);
    assertThat(query("select count(*) from auth.users where id = ?", SeedData.COORD_OSLO))
        .isEqualTo(0L);
    assertThat(query("select count(*) from public.activities")).isEqualTo(600L);
    // the generator's documented shape: the 10 chapters + 1 chapter of the unrelated organisation
    // per 50 (at least 1)
    assertThat((Long) query("select count(*) from public.organisations where level = 4"))
        .isEqualTo(11L);
  }

  @Test
  void generatedCoordinator_seesExactlyItsOrganisationsActivitiesThroughTheGateway()
      throws Exception {
    UUID coordinator =
        (UUID)
            query(
                "select m.user_id from public.org_memberships m where m.role = 'coordinator'"
                    + " and exists (select from public.activities a where a.org_id = m.org_id) order by m.user_id limit 1");
    long expected =
        (Long)
            query(
                "select count(*) from public.activities a where a.org_id in"
                    + " (select org_id from public.org_memberships where user_id = ? and role = 'coordinator')",
                coordinator);
    assertThat(expected).isPositive().isLessThan(600L);

    assertThat(supabase.clientFor(coordinator).from("activities").count(CountMode.EXACT))
        .isEqualTo(expected);
  }
}
