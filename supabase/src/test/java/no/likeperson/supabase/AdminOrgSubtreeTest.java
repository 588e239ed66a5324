package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code public.admin_org_subtree()}, which the SDK's organisation guard asks once per token:
 * exactly the subtrees of the caller's org_admin memberships, computed here by walking {@code
 * organisations.parent_id} (not the closure table the function reads).
 */
class AdminOrgSubtreeTest {

  private static LocalDatabase db;

  @BeforeAll
  static void start() {
    db = SharedDatabase.seeded();
  }

  private static Set<UUID> asUser(UUID user) throws SQLException {
    try (PgSession s = PgSession.get(db, user)) {
      return uuids(s.column("select unnest(public.admin_org_subtree())"));
    }
  }

  private static Set<UUID> expected(UUID... roots) throws SQLException {
    Set<UUID> out = new TreeSet<>();
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      for (UUID root : roots) {
        for (Map<String, Object> row :
            tx.query(
                "with recursive s(id) as (select ?::uuid "
                    + "union all select o.id from public.organisations o join s on o.parent_id = s.id) "
                    + "select id from s",
                root)) {
          out.add((UUID) row.get("id"));
        }
      }
    }
    return out;
  }

  private static Set<UUID> uuids(List<Object> values) {
    Set<UUID> out = new TreeSet<>();
    for (Object v : values) {
      out.add(v instanceof UUID u ? u : UUID.fromString(String.valueOf(v)));
    }
    return out;
  }

  @Test
  void nationalAdmin_getsTheWholeNationalTree() throws SQLException {
    assertThat(asUser(ADMIN_NATIONAL))
        .isEqualTo(expected(ORG_NATIONAL))
        .contains(ORG_OSLO, ORG_BERGEN)
        .doesNotContain(ORG_BLIND, ORG_TRONDHEIM);
  }

  @Test
  void regionAdmin_getsItsRegionOnly() throws SQLException {
    assertThat(asUser(ADMIN_OST))
        .isEqualTo(expected(ORG_REGION_OST))
        .containsExactlyInAnyOrder(ORG_REGION_OST, ORG_OSLO, ORG_BAERUM);
  }

  @Test
  void otherOrganisationsAdmin_getsOnlyItsOwnTree() throws SQLException {
    assertThat(asUser(ADMIN_BLIND))
        .isEqualTo(expected(ORG_BLIND))
        .doesNotContain(ORG_NATIONAL, ORG_OSLO);
  }

  @Test
  void nonAdmins_anonAndServiceRole_getNothing() throws SQLException {
    assertThat(asUser(COORD_OSLO)).isEmpty();
    assertThat(asUser(MENTOR_MULTI)).isEmpty();
    try (PgSession s = PgSession.getAsServiceRole(db)) {
      assertThat(s.column("select cardinality(public.admin_org_subtree())")).containsExactly(0);
    }
    try (PgSession s = PgSession.anon(db)) {
      assertThat(s.attempt("select public.admin_org_subtree()").sqlState()).isEqualTo("42501");
    }
  }
}
