package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The Bufdir report data for an organisation (or its subtree) and an inclusive period: per peer
 * mentor sessions, minutes and activities with a breakdown per activity type, the totals, the
 * activity types that occur (once each) and the mentors who were active in several chapters of the
 * scope and are therefore counted once. Immutable.
 *
 * <pre>{@code
 * BufdirPayload p = service.aggregateActivities(chapterId,
 *     LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), ScopeLevel.CHAPTER);
 * System.out.println(p.totals().peerMentorCount() + " active peer mentors");
 * p.peerMentorRecords().forEach(m -> System.out.println(m.peerMentorId() + " " + m.sessionCount()));
 * if (!p.multiChapterMentors().isEmpty()) {
 *   System.out.println("counted once although active in several chapters: " + p.multiChapterMentors());
 * }
 * }</pre>
 *
 * <p>Its JSON form (Jackson, snake_case names) is the server's document with each breakdown's code
 * and name resolved, so an export written with Jackson reads back equal.
 *
 * @param organisationId the organisation asked for
 * @param scope the scope asked for
 * @param periodStart first day of the period (inclusive; a calendar date, no time zone involved)
 * @param periodEnd last day of the period (inclusive)
 * @param totals the totals over all mentors
 * @param activityTypes the activity types that occur, each once, ordered by code
 * @param multiChapterMentors mentors active in more than one chapter of the scope (counted once)
 * @param peerMentorRecords one record per mentor, ordered by mentor id; empty for an empty period
 */
public record BufdirPayload(
    @JsonProperty("organisation_id") UUID organisationId,
    @JsonProperty("scope") ScopeLevel scope,
    @JsonProperty("period_start") LocalDate periodStart,
    @JsonProperty("period_end") LocalDate periodEnd,
    @JsonProperty("totals") BufdirTotals totals,
    @JsonProperty("activity_types") List<BufdirActivityType> activityTypes,
    @JsonProperty("multi_chapter_mentors") List<BufdirMultiChapterMentor> multiChapterMentors,
    @JsonProperty("peer_mentor_records") List<BufdirPeerMentorRecord> peerMentorRecords) {

  /**
   * @throws NullPointerException if an argument other than the lists is null
   */
  @JsonCreator
  public BufdirPayload {
    Objects.requireNonNull(organisationId, "organisationId == null");
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(periodStart, "periodStart == null");
    Objects.requireNonNull(periodEnd, "periodEnd == null");
    Objects.requireNonNull(totals, "totals == null");
    activityTypes = activityTypes == null ? List.of() : List.copyOf(activityTypes);
    multiChapterMentors =
        multiChapterMentors == null ? List.of() : List.copyOf(multiChapterMentors);
    peerMentorRecords = peerMentorRecords == null ? List.of() : List.copyOf(peerMentorRecords);
  }

  /** A payload of a summary and its records (as the streaming form delivered them). */
  public static BufdirPayload of(BufdirSummary summary, List<BufdirPeerMentorRecord> records) {
    Objects.requireNonNull(summary, "summary == null");
    return new BufdirPayload(
        summary.organisationId(),
        summary.scope(),
        summary.periodStart(),
        summary.periodEnd(),
        summary.totals(),
        summary.activityTypes(),
        summary.multiChapterMentors(),
        records);
  }

  /** Everything but the records. */
  @JsonIgnore
  public BufdirSummary summary() {
    return new BufdirSummary(
        organisationId, scope, periodStart, periodEnd, totals, activityTypes, multiChapterMentors);
  }

  /**
   * Hands this payload to {@code listener} as the streaming form would: {@link
   * BufdirRecordListener#onSummary} with {@link #summary()}, then {@link
   * BufdirRecordListener#onRecord} for each record in order. So whatever consumes the streaming
   * form (an exporter, a report) also takes a payload already in memory.
   *
   * <pre>{@code
   * BufdirExporter.create(BufdirExportFormat.CSV).export(out, payload::replayTo);
   * }</pre>
   *
   * @throws NullPointerException if {@code listener} is null (before it is called)
   * @throws RuntimeException whatever the listener throws, unchanged (the replay stops there)
   */
  public void replayTo(BufdirRecordListener listener) {
    Objects.requireNonNull(listener, "listener == null");
    listener.onSummary(summary());
    peerMentorRecords.forEach(listener::onRecord);
  }

  /** Whether no mentor had any activity in the period. */
  @JsonIgnore
  public boolean isEmpty() {
    return peerMentorRecords.isEmpty();
  }
}
