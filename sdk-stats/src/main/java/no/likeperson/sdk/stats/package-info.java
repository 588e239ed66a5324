/**
 * Monthly activity statistics for coordinators and peer mentors, read from the database's {@code
 * coordinator_monthly_stats} / {@code peer_mentor_monthly_stats} views under row-level security.
 *
 * <ul>
 *   <li>{@link no.likeperson.sdk.stats.StatsRepository}: one GET per call, months as an index
 *       condition, the organisation guard before any request.
 *   <li>{@link no.likeperson.sdk.stats.StatsCacheManager}: a bounded cache in front of it,
 *       refreshed by the SDK's change events and by the database's change markers (cross-device
 *       freshness).
 *   <li>{@link no.likeperson.sdk.stats.StatsRow} and {@link no.likeperson.sdk.stats.StatsSeries}:
 *       the rows, and a zero-filled series for charts.
 * </ul>
 *
 * <pre>{@code
 * StatsRepository stats = StatsRepository.create(client);
 * List<StatsRow> year = stats.coordinatorMonthlyStats(
 *     orgId, coordinatorId, YearMonth.of(2026, 1), YearMonth.of(2026, 12));
 * }</pre>
 *
 * <p>Design, figures and limits: docs/stats.md.
 */
@NullMarked
package no.likeperson.sdk.stats;

import org.jspecify.annotations.NullMarked;
