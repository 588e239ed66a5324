package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import no.likeperson.sdk.core.Filter;
import no.likeperson.sdk.core.Order;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Embedded columns named like PostgREST's reserved query keys, end to end: the SDK sends {@code
 * kids."offset"=eq.5} and {@code kids.order="offset".desc}, which the gateway reads as a filter and
 * an order on the embedded column, never as the embed's offset or order parameter. Expected rows
 * are computed by the superuser over JDBC.
 */
@LocalSupabaseTest
class ReservedEmbeddedColumnNamesTest {

  static final List<String> RESERVED =
      List.of("select", "columns", "on_conflict", "order", "limit", "offset", "and", "or", "not");

  LocalSupabase supabase;

  @BeforeEach
  void createTables() {
    StringBuilder ddl =
        new StringBuilder(
            "create table public.embed_reserved_parent (id int primary key);\n"
                + "create table public.embed_reserved_kid (id int primary key,"
                + " parent_id int not null references public.embed_reserved_parent (id)");
    StringBuilder cols = new StringBuilder("id, parent_id");
    StringBuilder vals = new StringBuilder("g, 1 + g % 2");
    for (String c : RESERVED) {
      ddl.append(", \"").append(c).append("\" int");
      cols.append(", \"").append(c).append('"');
      vals.append(", g % 4");
    }
    ddl.append(");\n")
        .append(
            "grant select on public.embed_reserved_parent, public.embed_reserved_kid to service_role;\n")
        .append("insert into public.embed_reserved_parent values (1), (2);\n")
        .append("insert into public.embed_reserved_kid (")
        .append(cols)
        .append(") select ")
        .append(vals)
        .append(" from generate_series(1, 12) g;");
    dropTables();
    supabase.execute(ddl.toString());
    supabase.reloadSchemaCache();
  }

  @AfterEach
  void dropTables() {
    supabase.execute(
        "drop table if exists public.embed_reserved_kid; drop table if exists public.embed_reserved_parent");
    supabase.reloadSchemaCache();
  }

  List<Integer> kidIds(String query) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<Integer> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
      return out;
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select",
        "columns",
        "on_conflict",
        "order",
        "limit",
        "offset",
        "and",
        "or",
        "not"
      })
  void filterOrderAndTree_onAReservedEmbeddedColumn(String column) throws Exception {
    String q = "\"" + column + "\"";
    List<Integer> expected =
        kidIds(
            "select id from public.embed_reserved_kid where parent_id = 1 and ("
                + q
                + " >= 1 or id = 2) order by "
                + q
                + " desc, id limit 3");
    assertThat(expected).hasSize(3);

    List<JsonNode> parents =
        supabase
            .serviceRoleClient()
            .from("embed_reserved_parent")
            .select("id,kids:embed_reserved_kid(id," + q + ")")
            .eq("id", 1)
            .referenced(
                "kids",
                k ->
                    k.or(Filter.gte(column, 1), Filter.eq("id", 2))
                        .order(column, Order.DESC)
                        .order("id")
                        .limit(3))
            .list(JsonNode.class);

    assertThat(parents).hasSize(1);
    List<Integer> got = new ArrayList<>();
    parents.get(0).get("kids").forEach(k -> got.add(k.get("id").asInt()));
    assertThat(got).containsExactlyElementsOf(expected);

    List<Integer> eqExpected =
        kidIds(
            "select id from public.embed_reserved_kid where parent_id = 1 and "
                + q
                + " = 2 order by id");
    assertThat(eqExpected).isNotEmpty();
    List<JsonNode> eq =
        supabase
            .serviceRoleClient()
            .from("embed_reserved_parent")
            .select("id,kids:embed_reserved_kid(id)")
            .eq("id", 1)
            .referenced("kids", k -> k.eq(column, 2).order("id"))
            .list(JsonNode.class);
    List<Integer> eqGot = new ArrayList<>();
    eq.get(0).get("kids").forEach(k -> eqGot.add(k.get("id").asInt()));
    assertThat(eqGot).containsExactlyElementsOf(eqExpected);
  }
}
