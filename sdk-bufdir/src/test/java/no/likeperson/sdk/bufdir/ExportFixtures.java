package no.likeperson.sdk.bufdir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Payloads for the export tests, small and hand-written or large and generated record by record.
 */
final class ExportFixtures {
  static final UUID ORG = UUID.fromString("0000000a-0000-4000-8000-000000000001");
  static final UUID CHAPTER_2 = UUID.fromString("0000000a-0000-4000-8000-000000000002");
  static final LocalDate FROM = LocalDate.of(2026, 1, 1);
  static final LocalDate TO = LocalDate.of(2026, 12, 31);

  static final BufdirActivityType SAMTALE = type(1, "samtale", "Samtale på tomannshånd");
  static final BufdirActivityType GRUPPE = type(2, "gruppe", "Gruppemøte, «likepersonstreff»");
  static final BufdirActivityType TELEFON = type(3, "telefon", "Telefon \"hotline\"\nkveld");

  private static final String[] FIRST = {
    "Åse", "Øystein", "Ærlend", "Kari", "Bjørn", "Sølvi", "Håkon", "Marte"
  };
  private static final String[] LAST = {
    "Ødegård", "Aasen", "Bråten", "Sæther", "Nordmann", "Løkken", "Grøndahl"
  };

  private ExportFixtures() {}

  static BufdirActivityType type(int n, String code, String name) {
    return new BufdirActivityType(new UUID(0xABCL, n), code, name);
  }

  static UUID mentorId(int n) {
    return new UUID(0x1234L, n);
  }

  /**
   * Three mentors: Norwegian letters, a name with a comma and quotes, a hidden name (null), a
   * mentor active in two chapters, activities without duration and by proxy.
   */
  static BufdirPayload small() {
    List<BufdirPeerMentorRecord> records =
        List.of(
            mentor(
                1,
                "Åse Ødegård",
                1,
                0,
                List.of(breakdown(SAMTALE, 3, 90, 3), breakdown(GRUPPE, 2, 120, 1))),
            mentor(2, "Bråten, \"Bjørn\" Æsop", 0, 2, List.of(breakdown(TELEFON, 1, 0, 1))),
            mentor(3, null, 0, 0, List.of(breakdown(SAMTALE, 1, 45, 1))));
    return payload(
        List.of(GRUPPE, SAMTALE, TELEFON),
        List.of(new BufdirMultiChapterMentor(mentorId(1), List.of(ORG, CHAPTER_2))),
        records);
  }

  static BufdirPayload empty() {
    return payload(List.of(), List.of(), List.of());
  }

  /** A payload whose totals are the sums of its records (mentor count = number of records). */
  static BufdirPayload payload(
      List<BufdirActivityType> types,
      List<BufdirMultiChapterMentor> multi,
      List<BufdirPeerMentorRecord> records) {
    return BufdirPayload.of(summary(types, multi, records), records);
  }

  static BufdirSummary summary(
      List<BufdirActivityType> types,
      List<BufdirMultiChapterMentor> multi,
      List<BufdirPeerMentorRecord> records) {
    long s = 0, m = 0, a = 0, p = 0, w = 0;
    for (BufdirPeerMentorRecord r : records) {
      s += r.sessionCount();
      m += r.durationMinutes();
      a += r.activityCount();
      p += r.proxyActivityCount();
      w += r.activitiesWithoutDuration();
    }
    return new BufdirSummary(
        ORG,
        ScopeLevel.REGION,
        FROM,
        TO,
        new BufdirTotals(records.size(), s, m, a, p, w),
        types,
        multi);
  }

  static BufdirActivityTypeBreakdown breakdown(
      BufdirActivityType t, long sessions, long minutes, long count) {
    return new BufdirActivityTypeBreakdown(t.id(), t.code(), t.name(), sessions, minutes, count);
  }

  static BufdirPeerMentorRecord mentor(
      int n,
      String name,
      long withoutDuration,
      long proxy,
      List<BufdirActivityTypeBreakdown> types) {
    long s = 0, m = 0, a = 0;
    for (BufdirActivityTypeBreakdown b : types) {
      s += b.sessionCount();
      m += b.durationMinutes();
      a += b.activityCount();
    }
    return new BufdirPeerMentorRecord(mentorId(n), name, s, m, a, withoutDuration, proxy, types);
  }

  /** The activity types of a synthetic payload. */
  static List<BufdirActivityType> syntheticTypes(int typeCount) {
    List<BufdirActivityType> types = new ArrayList<>();
    for (int t = 0; t < typeCount; t++) {
      types.add(type(100 + t, "type-" + t, "Aktivitetstype nr. " + t + " (økt på tvers)"));
    }
    return types;
  }

  /** Synthetic mentor {@code n}: every type, deterministic figures, a Norwegian name. */
  static BufdirPeerMentorRecord syntheticMentor(int n, List<BufdirActivityType> types) {
    List<BufdirActivityTypeBreakdown> b = new ArrayList<>(types.size());
    for (int t = 0; t < types.size(); t++) {
      b.add(
          breakdown(
              types.get(t), 1 + (n + t) % 7, 30L * (1 + (n * 3 + t) % 5), 1 + (n + 2 * t) % 4));
    }
    return mentor(
        n, FIRST[n % FIRST.length] + " " + LAST[n % LAST.length] + " " + n, n % 3, n % 2, b);
  }

  /** The summary of {@link #syntheticSource}'s records, computed without holding them. */
  static BufdirSummary syntheticSummary(int mentors, int typeCount) {
    List<BufdirActivityType> types = syntheticTypes(typeCount);
    long s = 0, m = 0, a = 0, p = 0, w = 0;
    for (int n = 1; n <= mentors; n++) {
      BufdirPeerMentorRecord r = syntheticMentor(n, types);
      s += r.sessionCount();
      m += r.durationMinutes();
      a += r.activityCount();
      p += r.proxyActivityCount();
      w += r.activitiesWithoutDuration();
    }
    return new BufdirSummary(
        ORG,
        ScopeLevel.NATIONAL,
        FROM,
        TO,
        new BufdirTotals(mentors, s, m, a, p, w),
        types,
        List.of(new BufdirMultiChapterMentor(mentorId(1), List.of(ORG, CHAPTER_2))));
  }

  /** A streaming source like the aggregation's: the summary, then each record made on the fly. */
  static Consumer<BufdirRecordListener> syntheticSource(int mentors, int typeCount) {
    BufdirSummary summary = syntheticSummary(mentors, typeCount);
    return listener -> {
      listener.onSummary(summary);
      for (int n = 1; n <= mentors; n++) {
        listener.onRecord(syntheticMentor(n, summary.activityTypes()));
      }
    };
  }

  static BufdirPayload synthetic(int mentors, int typeCount) {
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    BufdirSummary[] summary = new BufdirSummary[1];
    syntheticSource(mentors, typeCount)
        .accept(
            new BufdirRecordListener() {
              @Override
              public void onSummary(BufdirSummary s) {
                summary[0] = s;
              }

              @Override
              public void onRecord(BufdirPeerMentorRecord record) {
                records.add(record);
              }
            });
    return BufdirPayload.of(summary[0], records);
  }
}
