package no.likeperson.sdk.stats;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One monthly-stats lookup: whose statistics (a coordinator's or a peer mentor's, in one
 * organisation) over which inclusive range of calendar months. Validated when built, so a query
 * that exists can be sent. It is the cache key of {@link StatsCacheManager}.
 *
 * <pre>{@code
 * StatsQuery q = StatsQuery.coordinator(chapterId, coordinatorId,
 *     YearMonth.of(2026, 1), YearMonth.of(2026, 12));
 * CachedStats cached = cache.get(q);
 * }</pre>
 *
 * @param subject whose statistics
 * @param orgId the organisation (chapter)
 * @param subjectId the coordinator's or peer mentor's user id
 * @param from first month, inclusive
 * @param to last month, inclusive
 */
public record StatsQuery(
    Subject subject, UUID orgId, UUID subjectId, YearMonth from, YearMonth to) {

  /** The longest range one lookup may cover, in months (five years). */
  public static final int MAX_MONTHS = 60;

  /**
   * Whose statistics a query reads, and so which view.
   *
   * <pre>{@code
   * StatsQuery q = StatsQuery.peerMentor(chapterId, mentorId, from, to);
   * assert q.subject() == StatsQuery.Subject.PEER_MENTOR;
   * }</pre>
   */
  public enum Subject {
    /** {@code coordinator_monthly_stats}: activities a coordinator registered or is set on. */
    COORDINATOR("coordinator_monthly_stats", "coordinator_id", "coordinatorId"),
    /** {@code peer_mentor_monthly_stats}: activities attributed to a peer mentor. */
    PEER_MENTOR("peer_mentor_monthly_stats", "mentor_id", "mentorId");

    final String view;
    final String column;
    final String argument;

    Subject(String view, String column, String argument) {
      this.view = view;
      this.column = column;
      this.argument = argument;
    }
  }

  /**
   * @throws NullPointerException if an argument is null (named as the repository method names it)
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range covers more
   *     than {@link #MAX_MONTHS} months
   */
  public StatsQuery {
    Objects.requireNonNull(subject, "subject == null");
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(subjectId, subject.argument + " == null");
    checkRange(from, to);
  }

  static void checkRange(YearMonth from, YearMonth to) {
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
    }
    long months = from.until(to, ChronoUnit.MONTHS) + 1;
    if (months > MAX_MONTHS) {
      throw new IllegalArgumentException(
          "the range "
              + from
              + ".."
              + to
              + " covers "
              + months
              + " months; at most "
              + MAX_MONTHS
              + " are allowed");
    }
  }

  /**
   * A coordinator's statistics.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over 60
   *     months
   */
  public static StatsQuery coordinator(
      UUID orgId, UUID coordinatorId, YearMonth from, YearMonth to) {
    return new StatsQuery(Subject.COORDINATOR, orgId, coordinatorId, from, to);
  }

  /**
   * A peer mentor's statistics.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over 60
   *     months
   */
  public static StatsQuery peerMentor(UUID orgId, UUID mentorId, YearMonth from, YearMonth to) {
    return new StatsQuery(Subject.PEER_MENTOR, orgId, mentorId, from, to);
  }

  /** The number of months in the range (1..60). */
  public int months() {
    return (int) from.until(to, ChronoUnit.MONTHS) + 1;
  }

  /** Whether {@code month} lies in the range. */
  public boolean covers(YearMonth month) {
    return !month.isBefore(from) && !month.isAfter(to);
  }
}
