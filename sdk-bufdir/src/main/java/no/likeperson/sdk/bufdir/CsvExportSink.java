package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.NullUnmarked;

/**
 * The CSV form (see {@link BufdirExporter} and docs/bufdir-report.md): jackson-dataformat-csv does
 * the quoting; this class only decides the rows. Each row is an array in {@link #COLUMNS} order.
 */
@NullUnmarked // fields filled while a stream is read or written, not yet null-annotated
final class CsvExportSink implements ExportSink {

  /** The columns, in file order. Their names are the payload's JSON names where one exists. */
  static final List<String> COLUMNS =
      List.of(
          "record_type",
          "peer_mentor_id",
          "full_name",
          "activity_type_id",
          "activity_type_code",
          "activity_type_name",
          "session_count",
          "duration_minutes",
          "activity_count",
          "activities_without_duration",
          "proxy_activity_count",
          "peer_mentor_count",
          "chapter_ids",
          "organisation_id",
          "scope",
          "period_start",
          "period_end");

  static final String ACTIVITY_TYPE = "activity_type";
  static final String ACTIVITY = "activity";
  static final String MENTOR = "mentor";
  static final String TOTAL = "total";

  private static final CsvMapper MAPPER =
      CsvMapper.builder()
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          // quote exactly the fields RFC 4180 needs quoted; the default quotes any long value and,
          // with
          // ';', any value with a digit or a dash in it
          .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
          .build();

  private final Writer writer;
  private final boolean excel;
  private SequenceWriter rows;
  private BufdirSummary summary;
  private Map<UUID, String> chapterIds;

  CsvExportSink(OutputStream out, boolean excel) {
    this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    this.excel = excel;
  }

  static CsvSchema schema(boolean excel) {
    CsvSchema.Builder b = CsvSchema.builder();
    COLUMNS.forEach(b::addColumn);
    return b.setUseHeader(true)
        .setColumnSeparator(excel ? ';' : ',')
        .setLineSeparator("\r\n")
        .build();
  }

  @Override
  public void begin(BufdirSummary s) throws IOException {
    summary = s;
    chapterIds = new HashMap<>();
    for (BufdirMultiChapterMentor m : s.multiChapterMentors()) {
      chapterIds.put(
          m.peerMentorId(),
          m.organisationIds().stream().map(UUID::toString).collect(Collectors.joining(" ")));
    }
    if (excel) {
      writer.write('\uFEFF');
    }
    rows = MAPPER.writer(schema(excel)).writeValues(writer);
    for (BufdirActivityType t : s.activityTypes()) {
      rows.write(row(ACTIVITY_TYPE, null, null, t.id(), t.code(), t.name()));
    }
  }

  @Override
  public void record(BufdirPeerMentorRecord m) throws IOException {
    for (BufdirActivityTypeBreakdown b : m.activityTypes()) {
      Object[] r =
          row(ACTIVITY, m.peerMentorId(), m.fullName(), b.activityTypeId(), b.code(), b.name());
      r[6] = b.sessionCount();
      r[7] = b.durationMinutes();
      r[8] = b.activityCount();
      rows.write(r);
    }
    Object[] r = row(MENTOR, m.peerMentorId(), m.fullName(), null, null, null);
    r[6] = m.sessionCount();
    r[7] = m.durationMinutes();
    r[8] = m.activityCount();
    r[9] = m.activitiesWithoutDuration();
    r[10] = m.proxyActivityCount();
    r[12] = chapterIds.get(m.peerMentorId());
    rows.write(r);
  }

  @Override
  public void end() throws IOException {
    BufdirTotals t = summary.totals();
    Object[] r = row(TOTAL, null, null, null, null, null);
    r[6] = t.sessionCount();
    r[7] = t.durationMinutes();
    r[8] = t.activityCount();
    r[9] = t.activitiesWithoutDuration();
    r[10] = t.proxyActivityCount();
    r[11] = t.peerMentorCount();
    r[13] = summary.organisationId();
    r[14] = summary.scope().wireValue();
    r[15] = summary.periodStart().toString();
    r[16] = summary.periodEnd().toString();
    rows.write(r);
    rows.flush();
    writer.flush();
  }

  private Object[] row(
      String kind, UUID mentor, String name, UUID typeId, String code, String typeName) {
    Object[] r = new Object[COLUMNS.size()];
    r[0] = kind;
    r[1] = mentor == null ? null : mentor.toString();
    r[2] = text(name);
    r[3] = typeId == null ? null : typeId.toString();
    r[4] = text(code);
    r[5] = text(typeName);
    return r;
  }

  /**
   * In the Excel form, a text cell that Excel would run as a formula is prefixed with an
   * apostrophe.
   */
  private String text(String s) {
    if (!excel || s == null || s.isEmpty()) {
      return s;
    }
    char c = s.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + s : s;
  }
}
