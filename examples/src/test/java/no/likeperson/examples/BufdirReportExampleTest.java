package no.likeperson.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the example against the local stack (real migrations, RLS and seed) as the national admin
 * and checks the files against an independent count over the raw rows (superuser JDBC, the subtree
 * walked with a recursive query over organisations.parent_id).
 */
@LocalSupabaseTest(resetData = true)
class BufdirReportExampleTest {

  static LocalSupabase supabase;
  @TempDir static Path folder;
  static List<Path> files;

  /** sessions, minutes, activities, proxy activities, unique mentors: from the raw rows. */
  static long[] expected;

  private static final String SUBTREE =
      "with recursive tree(id) as (select ?::uuid union all"
          + " select o.id from public.organisations o join tree t on o.parent_id = t.id),"
          + " acts(mentor, sessions, minutes, proxy) as ("
          + " select peer_mentor_id, session_count, coalesce(duration_minutes, 0), 0 from public.activities"
          + "   where org_id in (select id from tree) and activity_date between ? and ?"
          + " union all select attributed_mentor_id, 1, coalesce(duration_minutes, 0), 1 from public.proxy_activities"
          + "   where org_id in (select id from tree) and date between ? and ?)";

  @BeforeAll
  static void runTheExample() throws Exception {
    try (SupabaseClient client = supabase.clientFor(Demo.ADMIN_NATIONAL)) {
      files =
          BufdirReportExample.writeReports(
              client,
              Demo.ORG_NATIONAL,
              "Demo Handikapforbund",
              Demo.YEAR_START,
              Demo.YEAR_END,
              folder);
    }
    try (Connection c = jdbc();
        PreparedStatement ps =
            subtreeQuery(
                c,
                SUBTREE
                    + " select sum(sessions), sum(minutes), count(*), sum(proxy), count(distinct mentor) from acts");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      expected =
          new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
    }
  }

  static Connection jdbc() throws Exception {
    return DriverManager.getConnection(
        supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
  }

  static PreparedStatement subtreeQuery(Connection c, String sql) throws Exception {
    PreparedStatement ps = c.prepareStatement(sql);
    ps.setObject(1, Demo.ORG_NATIONAL);
    ps.setObject(2, Demo.YEAR_START);
    ps.setObject(3, Demo.YEAR_END);
    ps.setObject(4, Demo.YEAR_START);
    ps.setObject(5, Demo.YEAR_END);
    return ps;
  }

  static BufdirPayload json() throws IOException {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    return mapper.readValue(folder.resolve("bufdir.json").toFile(), BufdirPayload.class);
  }

  static List<Map<String, String>> csvRows(String file, char separator) throws IOException {
    String text = Files.readString(folder.resolve(file), StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    try (MappingIterator<Map<String, String>> it =
        new CsvMapper()
            .readerForMapOf(String.class)
            .with(CsvSchema.emptySchema().withHeader().withColumnSeparator(separator))
            .readValues(text)) {
      return it.readAll();
    }
  }

  @Test
  void writesFiveCompleteFiles_andNoPartFile() throws IOException {
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "bufdir.csv", "bufdir-excel.csv", "bufdir.json", "bufdir.pdf", "bufdir-streamed.csv");
    for (Path f : files) {
      assertThat(Files.size(f)).as(f.toString()).isGreaterThan(100);
    }
    try (var list = Files.list(folder)) {
      assertThat(list.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
    }
  }

  @Test
  void seedHasActivityInTheYear() {
    assertThat(expected[2]).as("activities in the national subtree in 2026").isPositive();
    assertThat(expected[3]).as("proxy activities").isPositive();
  }

  @Test
  void totals_inTheCsvAndJson_equalTheRawRows() throws IOException {
    for (String[] csv : new String[][] {{"bufdir.csv", ","}, {"bufdir-excel.csv", ";"}}) {
      List<Map<String, String>> rows = csvRows(csv[0], csv[1].charAt(0));
      Map<String, String> total = rows.get(rows.size() - 1);
      assertThat(total.get("record_type")).isEqualTo("total");
      assertThat(
              List.of(
                  total.get("session_count"),
                  total.get("duration_minutes"),
                  total.get("activity_count"),
                  total.get("proxy_activity_count"),
                  total.get("peer_mentor_count")))
          .as(csv[0])
          .containsExactly(
              String.valueOf(expected[0]),
              String.valueOf(expected[1]),
              String.valueOf(expected[2]),
              String.valueOf(expected[3]),
              String.valueOf(expected[4]));
      assertThat(rows)
          .filteredOn(r -> r.get("record_type").equals("mentor"))
          .hasSize((int) expected[4]);
    }
    BufdirPayload payload = json();
    assertThat(payload.totals().sessionCount()).isEqualTo(expected[0]);
    assertThat(payload.totals().durationMinutes()).isEqualTo(expected[1]);
    assertThat(payload.totals().activityCount()).isEqualTo(expected[2]);
    assertThat(payload.totals().proxyActivityCount()).isEqualTo(expected[3]);
    assertThat(payload.peerMentorRecords()).hasSize((int) expected[4]);
  }

  @Test
  void streamedExport_isByteForByteThePayloadsExport() throws IOException {
    assertThat(Files.readAllBytes(folder.resolve("bufdir-streamed.csv")))
        .isEqualTo(Files.readAllBytes(folder.resolve("bufdir-excel.csv")));
  }

  @Test
  void pdf_showsTheTotalsAndEveryMentorByName() throws Exception {
    String text;
    try (PDDocument doc = Loader.loadPDF(folder.resolve("bufdir.pdf").toFile())) {
      text = new PDFTextStripper().getText(doc);
    }
    assertThat(text)
        .contains(
            "Aktivitetsrapport til Bufdir", "Demo Handikapforbund", "01.01.2026 – 31.12.2026");
    assertThat(text)
        .containsPattern("Økter " + grouped(expected[0]) + "\\b")
        .containsPattern(
            "Likepersoner med aktivitet \\(hver person telt én gang\\) "
                + grouped(expected[4])
                + "\\b");
    List<String> names = new ArrayList<>();
    try (Connection c = jdbc();
        PreparedStatement ps =
            subtreeQuery(
                c,
                SUBTREE
                    + " select distinct u.full_name from acts join public.users u on u.id = acts.mentor");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    assertThat(names).isNotEmpty().anyMatch(n -> n.matches(".*[æøåÆØÅ].*"));
    for (String name : names) {
      assertThat(text).contains(name);
    }
    assertThat(json().peerMentorRecords())
        .extracting(BufdirPeerMentorRecord::fullName)
        .containsExactlyInAnyOrderElementsOf(names);
  }

  /** Digits grouped by three with a space, as Norwegian prints them. */
  private static String grouped(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n).replace(',', ' ');
  }
}
