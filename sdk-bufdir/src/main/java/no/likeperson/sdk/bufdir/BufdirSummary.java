package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything in a {@link BufdirPayload} except the per-mentor records: what the streaming form
 * hands to {@link BufdirRecordListener#onSummary} before the first record (the server writes these
 * parts first), and what an export writes as its header and totals.
 *
 * <pre>{@code
 * BufdirSummary s = service.streamActivities(orgId, from, to, ScopeLevel.NATIONAL,
 *     record -> csv.write(record));
 * csv.writeTotals(s.totals());
 * }</pre>
 *
 * @param organisationId the organisation asked for
 * @param scope the scope asked for
 * @param periodStart first day of the period (inclusive)
 * @param periodEnd last day of the period (inclusive)
 * @param totals the totals over all mentors
 * @param activityTypes the activity types that occur, each once, ordered by code
 * @param multiChapterMentors mentors active in more than one chapter of the scope (counted once)
 */
public record BufdirSummary(
    @JsonProperty("organisation_id") UUID organisationId,
    @JsonProperty("scope") ScopeLevel scope,
    @JsonProperty("period_start") LocalDate periodStart,
    @JsonProperty("period_end") LocalDate periodEnd,
    @JsonProperty("totals") BufdirTotals totals,
    @JsonProperty("activity_types") List<BufdirActivityType> activityTypes,
    @JsonProperty("multi_chapter_mentors") List<BufdirMultiChapterMentor> multiChapterMentors) {

  /**
   * @throws NullPointerException if an argument other than the lists is null
   */
  @JsonCreator
  public BufdirSummary {
    Objects.requireNonNull(organisationId, "organisationId == null");
    Objects.requireNonNull(scope, "scope == null");
    Objects.requireNonNull(periodStart, "periodStart == null");
    Objects.requireNonNull(periodEnd, "periodEnd == null");
    Objects.requireNonNull(totals, "totals == null");
    activityTypes = activityTypes == null ? List.of() : List.copyOf(activityTypes);
    multiChapterMentors =
        multiChapterMentors == null ? List.of() : List.copyOf(multiChapterMentors);
  }
}
