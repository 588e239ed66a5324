package no.likeperson.sdk.bufdir.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.bufdir.BufdirActivityType;
import no.likeperson.sdk.bufdir.BufdirActivityTypeBreakdown;
import no.likeperson.sdk.bufdir.BufdirMultiChapterMentor;
import no.likeperson.sdk.bufdir.BufdirPayload;
import no.likeperson.sdk.bufdir.BufdirPeerMentorRecord;
import no.likeperson.sdk.bufdir.BufdirTotals;
import no.likeperson.sdk.bufdir.ScopeLevel;

/** Payloads for the report tests; totals are always the sums of the records. */
final class ReportFixtures {
  static final UUID ORG = UUID.fromString("0000000b-0000-4000-8000-000000000001");
  static final UUID CHAPTER_2 = UUID.fromString("0000000b-0000-4000-8000-000000000002");

  static final List<BufdirActivityType> TYPES =
      List.of(
          new BufdirActivityType(new UUID(0xB0L, 1), "gruppe", "Gruppemøte for pårørende"),
          new BufdirActivityType(new UUID(0xB0L, 2), "samtale", "Likepersonsamtale"),
          new BufdirActivityType(new UUID(0xB0L, 3), "telefon", "Telefonsamtale"),
          new BufdirActivityType(new UUID(0xB0L, 4), "tur", "Turgåing og trening ute"),
          new BufdirActivityType(new UUID(0xB0L, 5), "kurs", "Kurs: «Mestring i hverdagen»"));

  static final String[] NAMES = {
    "Åse Ødegård",
    "Bjørn Bråten",
    "Ærlend Sæther",
    "Kari Nordmann",
    "Håkon Grøndahl",
    "Sølvi Løkken",
    "Øystein Aasen",
    "Marte Kløvstad"
  };

  private ReportFixtures() {}

  static UUID mentorId(int n) {
    return new UUID(0x5EL, n);
  }

  /**
   * Mentor {@code n} with deterministic figures for every one of the first {@code typeCount} types.
   */
  static BufdirPeerMentorRecord mentor(int n, int typeCount) {
    List<BufdirActivityTypeBreakdown> b = new ArrayList<>();
    long s = 0, m = 0, a = 0;
    for (int t = 0; t < typeCount; t++) {
      BufdirActivityType type = TYPES.get(t);
      // figures that differ between types, so the chart has bars of several lengths
      long count = 1 + (n + t) % 3 + (t == 1 ? 3 : t / 2);
      long sessions = count + (n * (t + 1)) % 4 + (t == 1 ? 4 : 0);
      long minutes = 15L * (t + 1) * (1 + (n + 2 * t) % 4) * count;
      b.add(
          new BufdirActivityTypeBreakdown(
              type.id(), type.code(), type.name(), sessions, minutes, count));
      s += sessions;
      m += minutes;
      a += count;
    }
    String name = n <= NAMES.length ? NAMES[n - 1] : NAMES[n % NAMES.length] + " nr. " + n;
    return new BufdirPeerMentorRecord(mentorId(n), name, s, m, a, n % 3, n % 2, b);
  }

  static BufdirPayload payload(
      List<BufdirPeerMentorRecord> records, int typeCount, List<BufdirMultiChapterMentor> multi) {
    long s = 0, m = 0, a = 0, p = 0, w = 0;
    for (BufdirPeerMentorRecord r : records) {
      s += r.sessionCount();
      m += r.durationMinutes();
      a += r.activityCount();
      p += r.proxyActivityCount();
      w += r.activitiesWithoutDuration();
    }
    return new BufdirPayload(
        ORG,
        ScopeLevel.REGION,
        LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 12, 31),
        new BufdirTotals(records.size(), s, m, a, p, w),
        TYPES.subList(0, typeCount),
        multi,
        records);
  }

  /** {@code mentors} mentors with all five types; mentor 1 active in two chapters. */
  static BufdirPayload mentors(int mentors) {
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    for (int n = 1; n <= mentors; n++) {
      records.add(mentor(n, TYPES.size()));
    }
    return payload(
        records,
        TYPES.size(),
        List.of(new BufdirMultiChapterMentor(mentorId(1), List.of(ORG, CHAPTER_2))));
  }
}
