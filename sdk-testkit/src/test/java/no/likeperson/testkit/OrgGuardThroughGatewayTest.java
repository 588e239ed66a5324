package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.supabase.SeedData;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The organisation guard against the real tree: an org admin's subtree comes from {@code
 * public.admin_org_subtree()} under RLS through the gateway; the expected sets are walked here over
 * {@code organisations.parent_id} as superuser. Every request the SDK sends is recorded, so a
 * refusal is shown to send nothing but the one subtree question.
 */
@LocalSupabaseTest
class OrgGuardThroughGatewayTest {

  LocalSupabase supabase;

  private Set<UUID> subtree(UUID root) throws Exception {
    Set<UUID> out = new TreeSet<>();
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        PreparedStatement ps =
            c.prepareStatement(
                "with recursive s(id) as (select ?::uuid union all "
                    + "select o.id from public.organisations o join s on o.parent_id = s.id) select id from s")) {
      ps.setObject(1, root);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add((UUID) rs.getObject(1));
        }
      }
    }
    return out;
  }

  private Set<UUID> allOrganisations() throws Exception {
    Set<UUID> all = new TreeSet<>();
    all.addAll(subtree(SeedData.ORG_NATIONAL));
    all.addAll(subtree(SeedData.ORG_BLIND));
    return all;
  }

  /** A client as {@code user} whose every request path is recorded. */
  private SupabaseClient recorded(UUID user, List<String> paths) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  synchronized (paths) {
                    paths.add(chain.request().method() + " " + chain.request().url().encodedPath());
                  }
                  return chain.proceed(chain.request());
                })
            .build();
    return SupabaseClient.builder()
        .url(supabase.apiUrl())
        .apiKey(supabase.anonKey())
        .accessTokenProvider(AccessTokenProvider.of(supabase.tokenFor(user)))
        .okHttpClient(http)
        .build();
  }

  private void assertGrantsExactly(UUID admin, Set<UUID> expected) throws Exception {
    List<String> paths = new ArrayList<>();
    try (SupabaseClient c = recorded(admin, paths)) {
      for (UUID org : allOrganisations()) {
        if (expected.contains(org)) {
          assertThatCode(() -> c.orgGuard().requireAccess(org))
              .as(org.toString())
              .doesNotThrowAnyException();
        } else {
          assertThatThrownBy(
                  () -> {
                    c.orgGuard().requireAccess(org);
                    c.from("activities").select("id").eq("org_id", org.toString()).list(Map.class);
                  })
              .as(org.toString())
              .isInstanceOf(UnauthorisedAccessException.class);
        }
      }
    }
    assertThat(paths).containsExactly("GET /rest/v1/rpc/admin_org_subtree");
  }

  @Test
  void nationalAdmin_isGrantedItsWholeTree_includingOslo() throws Exception {
    Set<UUID> expected = subtree(SeedData.ORG_NATIONAL);
    assertThat(expected).contains(SeedData.ORG_OSLO);
    assertGrantsExactly(SeedData.ADMIN_NATIONAL, expected);
  }

  @Test
  void regionAdmin_isRefusedTheOtherRegion() throws Exception {
    Set<UUID> expected = subtree(SeedData.ORG_REGION_OST);
    assertThat(expected).doesNotContain(SeedData.ORG_REGION_VEST, SeedData.ORG_BERGEN);
    assertGrantsExactly(SeedData.ADMIN_OST, expected);
  }

  @Test
  void unrelatedOrganisationsAdmin_isRefusedEveryOrganisationOfTheOther() throws Exception {
    assertGrantsExactly(SeedData.ADMIN_BLIND, subtree(SeedData.ORG_BLIND));
  }

  @Test
  void nationalAdminGrantedOslo_readsOslosActivitiesThroughRls() throws Exception {
    List<String> paths = new ArrayList<>();
    try (SupabaseClient c = recorded(SeedData.ADMIN_NATIONAL, paths)) {
      c.orgGuard().requireAccess(SeedData.ORG_OSLO);
      List<Map> rows =
          c.from("activities")
              .select("id")
              .eq("org_id", SeedData.ORG_OSLO.toString())
              .limit(1)
              .list(Map.class);
      assertThat(rows).hasSize(1);
    }
    assertThat(paths)
        .containsExactly("GET /rest/v1/rpc/admin_org_subtree", "GET /rest/v1/activities");
  }

  @Test
  void coordinator_sendsNothing() throws Exception {
    List<String> paths = new ArrayList<>();
    try (SupabaseClient c = recorded(SeedData.COORD_OSLO, paths)) {
      c.orgGuard().requireAccess(SeedData.ORG_OSLO);
      assertThatThrownBy(() -> c.orgGuard().requireAccess(SeedData.ORG_BAERUM))
          .isInstanceOf(UnauthorisedAccessException.class);
    }
    assertThat(paths).isEmpty();
  }
}
