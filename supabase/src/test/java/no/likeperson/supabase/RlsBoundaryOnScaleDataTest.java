package no.likeperson.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The select half of {@link RlsMatrixTest} on the generated data set (5-level tree, thousands of
 * people, multi-chapter mentors, an unrelated second root): for people picked from the generated
 * data by their roles, every relation of the matrix shows exactly the rows of their scope ({@code
 * count(*)} as the actor equals the superuser's count of the allowed rows) and no row of the other
 * organisation. Uses the scale database shared with the scale-data domain tests.
 */
class RlsBoundaryOnScaleDataTest {

  /** A person of the generated data, picked by role. */
  record ScaleActor(
      String label,
      UUID user,
      Set<UUID> tree,
      Set<UUID> visible,
      Set<UUID> lineage,
      Set<UUID> staff) {
    Set<UUID> of(RlsMatrixTest.Scope s) {
      switch (s) {
        case VISIBLE:
          return visible;
        case LINEAGE:
          return lineage;
        default:
          return staff;
      }
    }

    @Override
    public String toString() {
      return label;
    }
  }

  private static LocalDatabase db;
  private static Connection superuser;
  private static final List<ScaleActor> ACTORS = new ArrayList<>();

  private static final String ACTIVE =
      " join public.users u on u.id = m.user_id and u.status = 'active' ";

  @BeforeAll
  static void pickActors() throws SQLException {
    db = SharedScaleDatabase.get();
    superuser = db.dataSource().getConnection();
    String scaleRoots =
        "select id from public.organisations where parent_id is null and name like 'Skala %'";
    // org_admin of each generated root, an org_admin of a region, a coordinator of a chapter in
    // each root, a peer mentor holding two chapters
    pick(
        "root admin (main)",
        "select m.user_id from public.org_memberships m"
            + ACTIVE
            + "join public.organisations o on o.id = m.org_id where m.role = 'org_admin' and o.parent_id is null "
            + "and o.name like 'Skala Forbund%' order by m.user_id limit 1");
    pick(
        "root admin (unrelated)",
        "select m.user_id from public.org_memberships m"
            + ACTIVE
            + "join public.organisations o on o.id = m.org_id where m.role = 'org_admin' and o.parent_id is null "
            + "and o.name like 'Skala Annet%' order by m.user_id limit 1");
    pick(
        "region admin",
        "select m.user_id from public.org_memberships m"
            + ACTIVE
            + "join public.organisations o on o.id = m.org_id where m.role = 'org_admin' and o.level = 1 "
            + "and o.parent_id in ("
            + scaleRoots
            + ") order by m.user_id limit 1");
    pick(
        "chapter coordinator (main)",
        "select m.user_id from public.org_memberships m"
            + ACTIVE
            + "join public.organisations o on o.id = m.org_id where m.role = 'coordinator' and o.level = 4 "
            + "order by m.user_id limit 1");
    pick(
        "chapter coordinator (unrelated)",
        "select m.user_id from public.org_memberships m"
            + ACTIVE
            + "join public.organisations o on o.id = m.org_id join public.organisation_closure c on "
            + "c.descendant_id = o.id join public.organisations r on r.id = c.ancestor_id and r.parent_id is null "
            + "and r.name like 'Skala Annet%' where m.role = 'coordinator' order by m.user_id limit 1");
    pick(
        "multi-chapter peer mentor",
        "select m.user_id from public.org_memberships m"
            + ACTIVE
            + "where m.role = 'peer_mentor' group by m.user_id having count(distinct m.org_id) > 1 "
            + "order by m.user_id limit 1");
  }

  @AfterAll
  static void close() throws SQLException {
    if (superuser != null) {
      superuser.close();
    }
  }

  static Stream<Arguments> cells() {
    List<Arguments> out = new ArrayList<>();
    for (String rel : new TreeSet<>(RlsMatrixTest.RELATIONS.keySet())) {
      for (ScaleActor a : ACTORS) {
        out.add(Arguments.of(rel, a));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} · {1} · scale data")
  @MethodSource("cells")
  void visibleRows_matchTheScope_andNeverTheOtherOrganisation(String name, ScaleActor actor)
      throws SQLException {
    RlsMatrixTest.Rel rel = RlsMatrixTest.RELATIONS.get(name);
    try (PgSession s = PgSession.get(db, actor.user())) {
      long foreign =
          s.count(
              "select count(*) from public."
                  + name
                  + " t where not (("
                  + rel.orgs()
                  + ") <@ ?::uuid[])",
              actor.tree());
      assertThat(foreign).as(name + " rows of another organisation visible to " + actor).isZero();
      Object[] upper = RlsMatrixTest.params(rel, rel.upper(), actor.of(rel.upper()), actor.user());
      long outside =
          s.count(
              "select count(*) from public."
                  + name
                  + " t where not "
                  + RlsMatrixTest.predicate(rel, rel.upper()),
              upper);
      assertThat(outside).as(name + " rows outside the scope of " + actor).isZero();
      if (!rel.view()) {
        long visible = s.count("select count(*) from public." + name);
        long allowed =
            superCount(
                "select count(*) from public."
                    + name
                    + " t where "
                    + RlsMatrixTest.predicate(rel, rel.upper()),
                upper);
        assertThat(visible)
            .as(name + " rows " + actor + " sees vs rows of the scope")
            .isEqualTo(allowed);
      }
    }
  }

  private static void pick(String label, String sql) throws SQLException {
    List<UUID> ids = uuids(sql);
    assertThat(ids).as("generated data has a " + label).isNotEmpty();
    UUID user = ids.get(0);
    String active =
        " join public.users u on u.id = m.user_id and u.status = 'active' where m.user_id = ?";
    Set<UUID> member =
        new TreeSet<>(uuids("select m.org_id from public.org_memberships m" + active, user));
    Set<UUID> coordinator =
        new TreeSet<>(
            uuids(
                "select m.org_id from public.org_memberships m"
                    + active
                    + " and m.role = 'coordinator'",
                user));
    Set<UUID> admin =
        new TreeSet<>(
            uuids(
                "with recursive s(id) as (select m.org_id from "
                    + "public.org_memberships m"
                    + active
                    + " and m.role = 'org_admin' union select o.id from "
                    + "public.organisations o join s on o.parent_id = s.id) select id from s",
                user));
    Set<UUID> visible = union(member, admin);
    Set<UUID> staff = union(coordinator, admin);
    Set<UUID> lineage =
        new TreeSet<>(
            uuids(
                "with recursive s(id) as (select unnest(?::uuid[]) union "
                    + "select o.parent_id from public.organisations o join s on o.id = s.id where o.parent_id is not null) "
                    + "select id from s",
                visible));
    Set<UUID> tree =
        new TreeSet<>(
            uuids(
                "with recursive up(id, parent_id) as (select id, parent_id from "
                    + "public.organisations where id = (select org_id from public.users where id = ?) union all "
                    + "select o.id, o.parent_id from public.organisations o join up on o.id = up.parent_id), "
                    + "down(id) as (select id from up where parent_id is null union all select o.id from "
                    + "public.organisations o join down on o.parent_id = down.id) select id from down",
                user));
    ACTORS.add(new ScaleActor(label, user, tree, visible, lineage, staff));
  }

  private static Set<UUID> union(Set<UUID> a, Set<UUID> b) {
    Set<UUID> out = new TreeSet<>(a);
    out.addAll(b);
    return out;
  }

  private static long superCount(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<UUID> uuids(String sql, Object... params) throws SQLException {
    List<UUID> out = new ArrayList<>();
    try (PreparedStatement ps = prepare(sql, params);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add((UUID) rs.getObject(1));
      }
    }
    return out;
  }

  private static PreparedStatement prepare(String sql, Object... params) throws SQLException {
    PreparedStatement ps = superuser.prepareStatement(sql);
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p instanceof Collection) {
        ps.setArray(i + 1, superuser.createArrayOf("uuid", ((Collection<?>) p).toArray()));
      } else {
        ps.setObject(i + 1, p);
      }
    }
    return ps;
  }
}
