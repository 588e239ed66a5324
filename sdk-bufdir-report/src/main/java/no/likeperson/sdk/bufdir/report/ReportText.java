package no.likeperson.sdk.bufdir.report;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import no.likeperson.sdk.bufdir.ScopeLevel;

/** The report's wording and number forms (Norwegian bokmål: the report is signed in Norway). */
final class ReportText {
  static final String TITLE = "Aktivitetsrapport til Bufdir";
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.ROOT);
  static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("dd.MM.yyyy 'kl.' HH:mm", Locale.ROOT);

  private ReportText() {}

  /** A count with a space between thousands, as Norwegian writes it: {@code 12 345}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n).replace(',', ' ');
  }

  /** Minutes with hours to one decimal (decimal comma): {@code 1 234 (20,6 timer)}. */
  static String minutes(long minutes) {
    long tenths = Math.round(minutes / 6.0);
    return count(minutes) + " (" + count(tenths / 10) + "," + (tenths % 10) + " timer)";
  }

  static String period(LocalDate from, LocalDate to) {
    return DATE.format(from) + " – " + DATE.format(to);
  }

  static String scope(ScopeLevel scope) {
    switch (scope) {
      case CHAPTER:
        return "Lokallag";
      case REGION:
        return "Region (med underliggende lag)";
      case NATIONAL:
        return "Nasjonalt (hele organisasjonen)";
      default:
        throw new AssertionError(scope);
    }
  }
}
