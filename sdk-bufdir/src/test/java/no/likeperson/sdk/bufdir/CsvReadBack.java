package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Reads an exported CSV back into a payload, from its header row and the documented meaning of each
 * row type (written here independently of the exporter, so a column it drops or mislabels shows up
 * as a difference).
 */
final class CsvReadBack {
  private CsvReadBack() {}

  static BufdirPayload read(String csv, char separator) throws IOException {
    CsvSchema header = CsvSchema.emptySchema().withHeader().withColumnSeparator(separator);
    List<BufdirActivityType> types = new ArrayList<>();
    List<BufdirMultiChapterMentor> multi = new ArrayList<>();
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    List<BufdirActivityTypeBreakdown> pending = new ArrayList<>();
    BufdirSummary summary = null;
    try (MappingIterator<Map<String, String>> rows =
        new CsvMapper().readerForMapOf(String.class).with(header).readValues(csv)) {
      while (rows.hasNext()) {
        Map<String, String> r = rows.next();
        switch (r.get("record_type")) {
          case "activity_type":
            types.add(
                new BufdirActivityType(
                    uuid(r, "activity_type_id"),
                    r.get("activity_type_code"),
                    r.get("activity_type_name")));
            break;
          case "activity":
            pending.add(
                new BufdirActivityTypeBreakdown(
                    uuid(r, "activity_type_id"),
                    r.get("activity_type_code"),
                    r.get("activity_type_name"),
                    num(r, "session_count"),
                    num(r, "duration_minutes"),
                    num(r, "activity_count")));
            break;
          case "mentor":
            UUID id = uuid(r, "peer_mentor_id");
            String name = r.get("full_name").isEmpty() ? null : r.get("full_name");
            records.add(
                new BufdirPeerMentorRecord(
                    id,
                    name,
                    num(r, "session_count"),
                    num(r, "duration_minutes"),
                    num(r, "activity_count"),
                    num(r, "activities_without_duration"),
                    num(r, "proxy_activity_count"),
                    pending));
            pending.clear();
            if (!r.get("chapter_ids").isEmpty()) {
              multi.add(
                  new BufdirMultiChapterMentor(
                      id,
                      Arrays.stream(r.get("chapter_ids").split(" "))
                          .map(UUID::fromString)
                          .collect(Collectors.toList())));
            }
            break;
          case "total":
            summary =
                new BufdirSummary(
                    uuid(r, "organisation_id"),
                    ScopeLevel.fromWireValue(r.get("scope")),
                    LocalDate.parse(r.get("period_start")),
                    LocalDate.parse(r.get("period_end")),
                    new BufdirTotals(
                        num(r, "peer_mentor_count"),
                        num(r, "session_count"),
                        num(r, "duration_minutes"),
                        num(r, "activity_count"),
                        num(r, "proxy_activity_count"),
                        num(r, "activities_without_duration")),
                    types,
                    multi);
            break;
          default:
            throw new AssertionError("unknown record_type " + r.get("record_type"));
        }
      }
    }
    if (summary == null) {
      throw new AssertionError("no total row: the CSV is incomplete");
    }
    return BufdirPayload.of(summary, records);
  }

  private static UUID uuid(Map<String, String> row, String column) {
    return UUID.fromString(row.get(column));
  }

  private static long num(Map<String, String> row, String column) {
    return Long.parseLong(row.get(column));
  }
}
