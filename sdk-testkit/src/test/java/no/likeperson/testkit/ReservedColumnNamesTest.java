package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.likeperson.sdk.core.Filter;
import no.likeperson.sdk.core.Order;
import no.likeperson.sdk.core.SupabaseClient;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Columns named like PostgREST's reserved query keys, end to end (SDK -> HTTP -> gateway ->
 * PostgreSQL): a filtered update or delete touches exactly the rows the filter names, reads filter,
 * order and select by them. Expected rows are computed by the superuser over JDBC.
 */
@LocalSupabaseTest
class ReservedColumnNamesTest {

  static final List<String> RESERVED =
      List.of("select", "columns", "on_conflict", "order", "limit", "offset", "and", "or", "not");
  static final int ROWS = 10;

  LocalSupabase supabase;

  @BeforeEach
  void createTable() {
    StringBuilder ddl =
        new StringBuilder("create table public.reserved_names_probe (id int primary key");
    StringBuilder cols = new StringBuilder("id");
    StringBuilder vals = new StringBuilder("g");
    for (String c : RESERVED) {
      ddl.append(", \"").append(c).append("\" int");
      cols.append(", \"").append(c).append('"');
      vals.append(", g");
    }
    ddl.append(");\n");
    ddl.append(
        "grant select, insert, update, delete on public.reserved_names_probe to authenticated, service_role;\n");
    ddl.append("insert into public.reserved_names_probe (")
        .append(cols)
        .append(") select ")
        .append(vals)
        .append(" from generate_series(1, ")
        .append(ROWS)
        .append(") g;");
    supabase.execute("drop table if exists public.reserved_names_probe");
    supabase.execute(ddl.toString());
    supabase.reloadSchemaCache();
  }

  @AfterEach
  void dropTable() {
    supabase.execute("drop table if exists public.reserved_names_probe");
    supabase.reloadSchemaCache();
  }

  List<Integer> ids(String where) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "select id from public.reserved_names_probe where " + where + " order by id")) {
      List<Integer> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
      return out;
    }
  }

  static List<Integer> idsOf(List<JsonNode> rows) {
    return rows.stream().map(r -> r.get("id").asInt()).toList();
  }

  SupabaseClient client() {
    return supabase.serviceRoleClient();
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
  void filteredDelete_deletesOnlyTheMatchingRow(String column) throws Exception {
    List<Integer> expectedLeft = ids("\"" + column + "\" <> 5");
    assertThat(expectedLeft).hasSize(ROWS - 1);

    client().from("reserved_names_probe").delete().eq(column, 5).execute();

    assertThat(ids("true")).isEqualTo(expectedLeft);
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
  void filteredUpdate_updatesOnlyTheMatchingRows(String column) throws Exception {
    List<Integer> expected = ids("\"" + column + "\" in (3, 4)");

    client()
        .from("reserved_names_probe")
        .update(Map.of(column, 100))
        .in(column, List.of(3, 4))
        .execute();

    assertThat(ids("\"" + column + "\" = 100")).isEqualTo(expected).hasSize(2);
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
  void reads_filterTreesOrderAndSelect_useTheColumn(String column) throws Exception {
    List<JsonNode> rows =
        client()
            .from("reserved_names_probe")
            .select("id,\"" + column + "\"")
            .or(
                Filter.eq(column, 2),
                Filter.and(Filter.gt(column, 6), Filter.not(Filter.gt(column, 8))))
            .lt(column, 9)
            .order(column, Order.DESC)
            .list(JsonNode.class);

    List<Integer> expected =
        new ArrayList<>(
            ids(
                "(\""
                    + column
                    + "\" = 2 or (\""
                    + column
                    + "\" > 6 and not \""
                    + column
                    + "\" > 8)) and \""
                    + column
                    + "\" < 9"));
    java.util.Collections.reverse(expected);
    assertThat(idsOf(rows)).isEqualTo(expected).hasSize(3);
    assertThat(rows)
        .allSatisfy(r -> assertThat(r.fieldNames()).toIterable().containsExactly("id", column));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"select", "columns", "on_conflict", "order", "limit", "offset", "and", "or"})
  void gateway_readsTheUnquotedKeyAsAParameter_likePostgrest(String column) throws Exception {
    // the reason for quoting: unquoted, the key is a parameter and never a filter
    OkHttpClient http = new OkHttpClient();
    Request r =
        new Request.Builder()
            .url(
                supabase.apiUrl()
                    + "/rest/v1/reserved_names_probe?select=id&\""
                    + column
                    + "\"=eq.5")
            .header("apikey", supabase.serviceRoleKey())
            .header("Authorization", "Bearer " + supabase.serviceRoleKey())
            .build();
    try (Response resp = http.newCall(r).execute()) {
      assertThat(resp.code()).isEqualTo(200);
      assertThat(resp.body().string()).isEqualTo("[{\"id\":5}]");
    }
  }
}
