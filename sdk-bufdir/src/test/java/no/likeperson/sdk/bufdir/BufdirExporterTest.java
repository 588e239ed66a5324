package no.likeperson.sdk.bufdir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class BufdirExporterTest {

  private static byte[] write(BufdirExportFormat format, BufdirPayload payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BufdirExporter.create(format).write(payload, out);
    return out.toByteArray();
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }

  // ---- CSV ----

  @Test
  void csv_readsBackEqualToThePayload() throws IOException {
    BufdirPayload payload = ExportFixtures.small();
    assertThat(CsvReadBack.read(text(write(BufdirExportFormat.CSV, payload)), ','))
        .isEqualTo(payload);
  }

  @Test
  void csv_isRfc4180_utf8_crlf_quotedWhereNeeded() throws IOException {
    byte[] bytes = write(BufdirExportFormat.CSV, ExportFixtures.small());
    String csv = text(bytes);

    assertThat(bytes[0]).as("no byte order mark").isEqualTo((byte) 'r');
    assertThat(csv).startsWith(String.join(",", CsvExportSink.COLUMNS) + "\r\n");
    // Norwegian letters as UTF-8 bytes (ø = C3 B8), not as ? or Latin-1
    assertThat(csv).contains("Åse Ødegård");
    assertThat(indexOf(bytes, new byte[] {(byte) 0xC3, (byte) 0xB8})).isNotNegative();
    // a comma or quote in a field: quoted, quotes doubled; a line break inside a quoted field
    assertThat(csv).contains(",\"Bråten, \"\"Bjørn\"\" Æsop\",");
    assertThat(csv).contains(",\"Gruppemøte, «likepersonstreff»\",", ",Samtale på tomannshånd,");
    assertThat(csv).contains(",\"Telefon \"\"hotline\"\"\nkveld\",");
    // every record ends with CRLF; a bare LF occurs only inside that quoted field
    assertThat(csv.replace("\r\n", "").chars().filter(c -> c == '\n').count()).isEqualTo(2);
    assertThat(csv).endsWith("\r\n");
  }

  @Test
  void csv_rowsPerMentorAndType_thenMentor_thenTotalLast() throws IOException {
    List<String> kinds = new ArrayList<>();
    for (String line : text(write(BufdirExportFormat.CSV, ExportFixtures.small())).split("\r\n")) {
      kinds.add(line.substring(0, line.indexOf(',')));
    }
    assertThat(kinds)
        .containsExactly(
            "record_type",
            "activity_type",
            "activity_type",
            "activity_type",
            "activity",
            "activity",
            "mentor",
            "activity",
            "mentor",
            "activity",
            "mentor",
            "total");
  }

  @Test
  void csv_totalRow_carriesTheScopeAndPeriod() throws IOException {
    String[] lines = text(write(BufdirExportFormat.CSV, ExportFixtures.small())).split("\r\n");
    assertThat(lines[lines.length - 1])
        .isEqualTo(
            "total,,,,,,7,255,6,1,2,3,," + ExportFixtures.ORG + ",region,2026-01-01,2026-12-31");
  }

  @Test
  void excelCsv_hasBomAndSemicolons_andReadsBackEqual() throws IOException {
    BufdirPayload payload = ExportFixtures.small();
    byte[] bytes = write(BufdirExportFormat.EXCEL_CSV, payload);

    assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    String csv = text(bytes).substring(1);
    assertThat(csv).startsWith(String.join(";", CsvExportSink.COLUMNS) + "\r\n");
    // a comma needs no quotes with ';' between fields, a quote still does
    assertThat(csv)
        .contains(";Gruppemøte, «likepersonstreff»;", ";\"Bråten, \"\"Bjørn\"\" Æsop\";");
    assertThat(CsvReadBack.read(csv, ';')).isEqualTo(payload);
  }

  @Test
  void excelCsv_defusesFormulaLikeText_plainCsvKeepsIt() throws IOException {
    BufdirActivityType evil = ExportFixtures.type(9, "@sum", "=HYPERLINK(\"http://x\")");
    BufdirPayload payload =
        ExportFixtures.payload(
            List.of(evil),
            List.of(),
            List.of(
                ExportFixtures.mentor(
                    1, "-Kari", 0, 0, List.of(ExportFixtures.breakdown(evil, 1, 1, 1))),
                ExportFixtures.mentor(2, "+47 Ola", 0, 0, List.of()),
                ExportFixtures.mentor(3, "Åse = Ola", 0, 0, List.of())));

    String excel = text(write(BufdirExportFormat.EXCEL_CSV, payload));
    assertThat(excel).contains(";'-Kari;", ";'+47 Ola;", ";Åse = Ola;", ";'@sum;", "'=HYPERLINK(");
    assertThat(excel).doesNotContain(";-Kari;", ";=HYPERLINK");

    String plain = text(write(BufdirExportFormat.CSV, payload));
    assertThat(plain).contains(",-Kari,", ",+47 Ola,").doesNotContain("'");
    assertThat(CsvReadBack.read(plain, ',')).isEqualTo(payload);
  }

  @Test
  void csv_ofAnEmptyPeriod_isHeaderAndTotal() throws IOException {
    BufdirPayload empty = ExportFixtures.empty();
    String csv = text(write(BufdirExportFormat.CSV, empty));
    assertThat(csv.split("\r\n")).hasSize(2);
    assertThat(CsvReadBack.read(csv, ',')).isEqualTo(empty);
  }

  @Test
  void csv_ofAMentorWithoutTypes_isTheMentorRowAlone() throws IOException {
    BufdirPayload payload =
        ExportFixtures.payload(
            List.of(), List.of(), List.of(ExportFixtures.mentor(1, "Øyvind", 1, 0, List.of())));
    assertThat(CsvReadBack.read(text(write(BufdirExportFormat.CSV, payload)), ','))
        .isEqualTo(payload);
  }

  // ---- JSON ----

  @Test
  void json_readsBackEqualToThePayload() throws IOException {
    for (BufdirPayload payload : List.of(ExportFixtures.small(), ExportFixtures.empty())) {
      byte[] json = write(BufdirExportFormat.JSON, payload);
      assertThat(JsonExportSink.MAPPER.readValue(json, BufdirPayload.class)).isEqualTo(payload);
    }
  }

  @Test
  void json_isThePayloadsOwnJacksonDocument() throws IOException {
    BufdirPayload payload = ExportFixtures.small();
    String json = text(write(BufdirExportFormat.JSON, payload));
    assertThat(json).isEqualTo(JsonExportSink.MAPPER.writeValueAsString(payload));
    assertThat(json)
        .startsWith("{\"organisation_id\":\"" + ExportFixtures.ORG + "\",\"scope\":\"region\"")
        .contains("\"full_name\":\"Åse Ødegård\"", "\"peer_mentor_records\":[{");
  }

  // ---- streaming ----

  @Test
  void export_fromAStreamingSource_writesWhatWriteWrites() throws IOException {
    BufdirPayload payload = ExportFixtures.synthetic(120, 3);
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      ByteArrayOutputStream streamed = new ByteArrayOutputStream();
      BufdirSummary s =
          BufdirExporter.create(format).export(streamed, ExportFixtures.syntheticSource(120, 3));
      assertThat(s).isEqualTo(payload.summary());
      assertThat(streamed.toByteArray()).as(format.name()).isEqualTo(write(format, payload));
    }
    assertThat(CsvReadBack.read(text(write(BufdirExportFormat.CSV, payload)), ','))
        .isEqualTo(payload);
  }

  @Test
  void export_writesEachRecordWhenItArrives() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<Integer> sizes = new ArrayList<>();
    BufdirPayload payload = ExportFixtures.synthetic(3, 2);
    // a 3-record payload is far below any buffer: flushes aside, the bytes are written at the end
    BufdirExporter.create(BufdirExportFormat.CSV)
        .export(
            out,
            listener -> {
              listener.onSummary(payload.summary());
              for (BufdirPeerMentorRecord r : payload.peerMentorRecords()) {
                listener.onRecord(r);
                sizes.add(out.size());
              }
            });
    assertThat(out.size()).isGreaterThan(sizes.get(2));
    assertThat(CsvReadBack.read(text(out.toByteArray()), ',')).isEqualTo(payload);
  }

  @Test
  void export_whenTheSourceFails_rethrowsAndLeavesTheFileVisiblyIncomplete() {
    RuntimeException boom = new IllegalStateException("connection reset");
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Consumer<BufdirRecordListener> failing =
          listener -> {
            BufdirSummary s = ExportFixtures.syntheticSummary(5, 2);
            listener.onSummary(s);
            listener.onRecord(ExportFixtures.syntheticMentor(1, s.activityTypes()));
            throw boom;
          };
      assertThatThrownBy(() -> BufdirExporter.create(format).export(out, failing)).isSameAs(boom);
      String written = text(out.toByteArray());
      assertThat(written).doesNotContain("\r\ntotal,", ";total;").doesNotEndWith("]}");
    }
  }

  @Test
  void export_refusesASourceThatBreaksTheOrder() {
    BufdirExporter csv = BufdirExporter.create(BufdirExportFormat.CSV);
    BufdirPayload p = ExportFixtures.small();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> csv.export(out, l -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no summary");
    assertThatThrownBy(() -> csv.export(out, l -> l.onRecord(p.peerMentorRecords().get(0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("before the summary");
    assertThatThrownBy(
            () ->
                csv.export(
                    out,
                    l -> {
                      l.onSummary(p.summary());
                      l.onSummary(p.summary());
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("second summary");
    assertThat(out.size()).as("nothing but the first summary's header").isLessThan(1000);
  }

  @Test
  void export_whenTotalsAndRecordsDisagree_refusesToFinish() {
    BufdirPayload p = ExportFixtures.small();
    BufdirPayload wrong = BufdirPayload.of(p.summary(), p.peerMentorRecords().subList(0, 2));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> BufdirExporter.create(BufdirExportFormat.CSV).write(wrong, out))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("totals count 3 peer mentors but 2 records");
    assertThat(text(out.toByteArray())).doesNotContain("total,");
  }

  // ---- progress ----

  @Test
  void progress_smallPayload_afterEveryRecord() throws IOException {
    List<String> calls = new ArrayList<>();
    BufdirExporter.create(BufdirExportFormat.JSON)
        .withProgress((done, total) -> calls.add(done + "/" + total))
        .write(ExportFixtures.small(), new ByteArrayOutputStream());
    assertThat(calls).containsExactly("1/3", "2/3", "3/3");
  }

  @Test
  void progress_largePayload_aboutEveryPercent_monotonic_endsComplete() throws IOException {
    List<long[]> calls = new ArrayList<>();
    BufdirExporter.create(BufdirExportFormat.CSV)
        .withProgress((done, total) -> calls.add(new long[] {done, total}))
        .export(new ByteArrayOutputStream(), ExportFixtures.syntheticSource(1234, 2));
    assertThat(calls).hasSizeBetween(90, 101);
    assertThat(calls.get(calls.size() - 1)).containsExactly(1234, 1234);
    for (int i = 1; i < calls.size(); i++) {
      assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
      assertThat(calls.get(i)[1]).isEqualTo(1234);
    }
  }

  @Test
  void progress_emptyPayload_onceAtTheEnd() throws IOException {
    List<String> calls = new ArrayList<>();
    BufdirExporter.create(BufdirExportFormat.CSV)
        .withProgress((done, total) -> calls.add(done + "/" + total))
        .write(ExportFixtures.empty(), new ByteArrayOutputStream());
    assertThat(calls).containsExactly("0/0");
  }

  @Test
  void progress_listenerThatThrows_stopsTheExport() {
    RuntimeException cancel = new RuntimeException("cancelled by the user");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BufdirExporter e =
        BufdirExporter.create(BufdirExportFormat.CSV)
            .withProgress(
                (done, total) -> {
                  throw cancel;
                });
    assertThatThrownBy(() -> e.write(ExportFixtures.small(), out)).isSameAs(cancel);
    assertThat(text(out.toByteArray())).doesNotContain("total,");
  }

  // ---- the stream ----

  @Test
  void export_neverClosesTheCallersStream_andFlushesIt() throws IOException {
    AtomicBoolean closed = new AtomicBoolean();
    AtomicBoolean flushed = new AtomicBoolean();
    OutputStream out =
        new FilterOutputStream(new ByteArrayOutputStream()) {
          @Override
          public void close() {
            closed.set(true);
          }

          @Override
          public void flush() {
            flushed.set(true);
          }
        };
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      flushed.set(false);
      BufdirExporter.create(format).write(ExportFixtures.small(), out);
      assertThat(flushed).as(format.name()).isTrue();
    }
    assertThat(closed).isFalse();
  }

  @Test
  void export_whenTheStreamFails_throwsItsIOException() {
    IOException diskFull = new IOException("No space left on device");
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw diskFull;
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw diskFull;
          }
        };
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      assertThatThrownBy(
              () -> BufdirExporter.create(format).write(ExportFixtures.synthetic(500, 5), broken))
          .as(format.name())
          .isSameAs(diskFull);
    }
  }

  @Test
  void arguments_nullsAreRefusedByName() {
    BufdirExporter e = BufdirExporter.create(BufdirExportFormat.CSV);
    assertThatThrownBy(() -> BufdirExporter.create(null)).hasMessage("format == null");
    assertThatThrownBy(() -> e.withProgress(null)).hasMessage("progress == null");
    assertThatThrownBy(() -> e.write(null, new ByteArrayOutputStream()))
        .hasMessage("payload == null");
    assertThatThrownBy(() -> e.write(ExportFixtures.small(), null)).hasMessage("out == null");
    assertThatThrownBy(() -> e.export(new ByteArrayOutputStream(), null))
        .hasMessage("source == null");
    assertThat(e.format()).isEqualTo(BufdirExportFormat.CSV);
    assertThat(BufdirExportFormat.JSON.fileExtension()).isEqualTo("json");
    assertThat(BufdirExportFormat.EXCEL_CSV.mediaType()).isEqualTo("text/csv; charset=UTF-8");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
