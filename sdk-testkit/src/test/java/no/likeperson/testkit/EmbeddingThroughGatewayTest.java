package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import no.likeperson.sdk.core.Order;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.Test;

/**
 * Resource embedding from the SDK through the gateway to PostgreSQL with the real migrations, RLS
 * and seed: {@code referenced(...)} order, limit, offset and filters, {@code is.null} on an embed,
 * {@code !inner}, and typed decoding of to-one and to-many results. Every expectation is computed
 * by the superuser over JDBC (bypassing RLS), never copied from the server's answer.
 */
@LocalSupabaseTest
class EmbeddingThroughGatewayTest {

  LocalSupabase supabase;

  record Act(
      @JsonProperty("id") UUID id,
      @JsonProperty("org_id") UUID orgId,
      @JsonProperty("activity_date") LocalDate date) {
    @JsonCreator
    Act {}
  }

  record Org(
      @JsonProperty("id") UUID id,
      @JsonProperty("name") String name,
      @JsonProperty("activities") List<Act> activities) {
    @JsonCreator
    Org {
      activities = activities == null ? null : List.copyOf(activities);
    }
  }

  record Type(@JsonProperty("name") String name) {
    @JsonCreator
    Type {}
  }

  record ActWithType(@JsonProperty("id") UUID id, @JsonProperty("activity_types") Type type) {
    @JsonCreator
    ActWithType {}
  }

  record TypeWithActs(
      @JsonProperty("id") UUID id, @JsonProperty("activities") List<Act> activities) {
    @JsonCreator
    TypeWithActs {
      activities = List.copyOf(activities);
    }
  }

  List<Object> column(String query, Object... args) throws Exception {
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

  long count(String query, Object... args) throws Exception {
    return ((Number) column(query, args).get(0)).longValue();
  }

  static List<UUID> ids(List<Act> acts) {
    return acts.stream().map(Act::id).collect(Collectors.toList());
  }

  @Test
  void toMany_orderLimitAndRangePerParent_matchRawSql(
      @AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst) throws Exception {
    List<UUID> orgs = List.of(SeedData.ORG_OSLO, SeedData.ORG_BAERUM);
    String latest =
        "select id from public.activities where org_id = ? order by activity_date desc, id desc";
    assertThat(count("select count(*) from public.activities where org_id = ?", SeedData.ORG_OSLO))
        .as("the seed has more than 3 Oslo activities, so limit and offset cut")
        .isGreaterThan(3);

    List<Org> top2 =
        adminOst
            .from("organisations")
            .select("id,name,activities(id,org_id,activity_date)")
            .in("id", orgs)
            .order("name")
            .referenced(
                "activities",
                a -> a.order("activity_date", Order.DESC).order("id", Order.DESC).limit(2))
            .list(Org.class);
    List<Org> second2 =
        adminOst
            .from("organisations")
            .select("id,name,activities(id,org_id,activity_date)")
            .in("id", orgs)
            .referenced(
                "activities",
                a -> a.order("activity_date", Order.DESC).order("id", Order.DESC).range(1, 2))
            .list(Org.class);

    assertThat(top2).extracting(Org::id).containsExactlyInAnyOrderElementsOf(orgs);
    for (Org o : top2) {
      assertThat(ids(o.activities()))
          .as(o.name())
          .containsExactlyElementsOf(
              column(latest + " limit 2", o.id()).stream().map(UUID.class::cast).toList());
      assertThat(o.activities()).allSatisfy(a -> assertThat(a.orgId()).isEqualTo(o.id()));
    }
    for (Org o : second2) {
      assertThat(ids(o.activities()))
          .as(o.name())
          .containsExactlyElementsOf(
              column(latest + " offset 1 limit 2", o.id()).stream().map(UUID.class::cast).toList());
    }
  }

  @Test
  void rls_hidesAnotherOrganisationsEmbeddedRows(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    long elsewhere =
        count(
            "select count(*) from public.activities where activity_type_id = ? and org_id <> ?",
            SeedData.TYPE_SAMTALE,
            SeedData.ORG_OSLO);
    long inOslo =
        count(
            "select count(*) from public.activities where activity_type_id = ? and org_id = ?",
            SeedData.TYPE_SAMTALE,
            SeedData.ORG_OSLO);
    assertThat(elsewhere).as("other organisations use the same activity type").isPositive();
    assertThat(inOslo).isPositive();

    List<TypeWithActs> types =
        coordOslo
            .from("activity_types")
            .select("id,activities(id,org_id,activity_date)")
            .eq("id", SeedData.TYPE_SAMTALE)
            .list(TypeWithActs.class);

    assertThat(types).hasSize(1);
    assertThat(types.get(0).activities())
        .hasSize((int) inOslo)
        .allSatisfy(a -> assertThat(a.orgId()).isEqualTo(SeedData.ORG_OSLO));

    // asking for another organisation's embedded rows by filter still yields none
    List<TypeWithActs> filtered =
        coordOslo
            .from("activity_types")
            .select("id,activities(id,org_id,activity_date)")
            .eq("id", SeedData.TYPE_SAMTALE)
            .referenced("activities", a -> a.neq("org_id", SeedData.ORG_OSLO))
            .list(TypeWithActs.class);
    assertThat(filtered).hasSize(1);
    assertThat(filtered.get(0).activities()).isEmpty();
  }

  @Test
  void toOne_innerEmbedFilteredOnItsColumn_narrowsTheParents_andDecodesTyped(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo) throws Exception {
    String typeName =
        (String)
            column("select name from public.activity_types where id = ?", SeedData.TYPE_KURS)
                .get(0);
    long expected =
        count(
            "select count(*) from public.activities where org_id = ? and activity_type_id = ?",
            SeedData.ORG_OSLO,
            SeedData.TYPE_KURS);
    long all = count("select count(*) from public.activities where org_id = ?", SeedData.ORG_OSLO);
    assertThat(expected).as("Oslo has kurs activities").isPositive().isLessThan(all);

    List<ActWithType> inner =
        coordOslo
            .from("activities")
            .select("id,activity_types!inner(name)")
            .referenced("activity_types", t -> t.eq("name", typeName))
            .list(ActWithType.class);
    assertThat(inner)
        .hasSize((int) expected)
        .allSatisfy(a -> assertThat(a.type()).isEqualTo(new Type(typeName)));

    // without !inner the filter narrows the embedded row only: every parent stays, others get null
    List<ActWithType> left =
        coordOslo
            .from("activities")
            .select("id,activity_types(name)")
            .referenced("activity_types", t -> t.eq("name", typeName))
            .list(ActWithType.class);
    assertThat(left).hasSize((int) all);
    assertThat(left.stream().filter(a -> a.type() != null).count()).isEqualTo(expected);
  }

  @Test
  void isNull_onAnEmbed_keepsOnlyParentsWithOrWithoutMatchingRows(
      @AsUser(SeedUsers.ADMIN_OST) SupabaseClient adminOst) throws Exception {
    Set<Object> subtree =
        new HashSet<>(
            column(
                "select descendant_id from public.organisation_closure where ancestor_id = ?",
                SeedData.ORG_REGION_OST));
    UUID oneOsloActivity =
        (UUID)
            column(
                    "select id from public.activities where org_id = ? order by id limit 1",
                    SeedData.ORG_OSLO)
                .get(0);
    Set<Object> withAny =
        new HashSet<>(
            column(
                "select distinct a.org_id from public.activities a"
                    + " join public.organisation_closure c on c.descendant_id = a.org_id where c.ancestor_id = ?",
                SeedData.ORG_REGION_OST));
    assertThat(withAny)
        .as("another organisation of the subtree has activities too")
        .contains(SeedData.ORG_OSLO)
        .hasSizeGreaterThan(1);
    Set<Object> withoutMatch = new HashSet<>(subtree);
    withoutMatch.remove(SeedData.ORG_OSLO);

    List<Org> having =
        adminOst
            .from("organisations")
            .select("id,name,activities(id,org_id,activity_date)")
            .in("id", subtree)
            .isNotNull("activities")
            .referenced("activities", a -> a.eq("id", oneOsloActivity))
            .list(Org.class);
    List<Org> lacking =
        adminOst
            .from("organisations")
            .select("id,name,activities(id,org_id,activity_date)")
            .in("id", subtree)
            .isNull("activities")
            .referenced("activities", a -> a.eq("id", oneOsloActivity))
            .list(Org.class);

    assertThat(having).extracting(Org::id).containsExactly(SeedData.ORG_OSLO);
    assertThat(ids(having.get(0).activities())).containsExactly(oneOsloActivity);
    assertThat(lacking)
        .extracting(o -> (Object) o.id())
        .containsExactlyInAnyOrderElementsOf(withoutMatch);
  }
}
