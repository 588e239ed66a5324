package no.likeperson.sdk.stats;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Monthly statistics as a zero-filled time series: every month of the range and every activity type
 * present in the rows, with 0 where the server had no row (a month without activities is a point at
 * zero, not a gap), plus totals per month, per type and overall. Pure Java over rows already
 * fetched; it sends nothing. Immutable. Types are keyed by their code ({@link
 * StatsRow#activityType()}), in alphabetical order; rows outside the range are ignored.
 *
 * <pre>{@code
 * List<StatsRow> rows = stats.coordinatorMonthlyStats(orgId, coordinatorId, from, to);
 * StatsSeries s = StatsSeries.of(from, to, rows);
 * for (YearMonth m : s.months()) {
 *   chart.add(m, s.perMonth().get(m).activityCount());     // 0 for a quiet month
 * }
 * long talks = s.perType().get("samtale").activityCount();
 * long all = s.total().activityCount();
 * }</pre>
 */
public final class StatsSeries {

  /**
   * Counts of one cell, one month, one type or the whole range.
   *
   * <pre>{@code
   * StatsSeries.Totals march = series.perMonth().get(YearMonth.of(2026, 3));
   * System.out.println(march.activityCount() + " activities, " + march.totalDurationMinutes() + " min");
   * }</pre>
   *
   * @param activityCount number of activities
   * @param totalDurationMinutes their total duration in minutes
   */
  public record Totals(long activityCount, long totalDurationMinutes) {
    /** No activities. */
    public static final Totals ZERO = new Totals(0, 0);

    Totals plus(long count, long minutes) {
      return new Totals(activityCount + count, totalDurationMinutes + minutes);
    }
  }

  private final List<YearMonth> months;
  private final List<String> activityTypes;
  private final Map<YearMonth, Map<String, Totals>> cells;
  private final Map<YearMonth, Totals> perMonth;
  private final Map<String, Totals> perType;
  private final Totals total;

  private StatsSeries(YearMonth from, YearMonth to, Collection<StatsRow> rows) {
    List<YearMonth> ms = new ArrayList<>();
    for (YearMonth m = from; !m.isAfter(to); m = m.plusMonths(1)) {
      ms.add(m);
    }
    Map<YearMonth, Map<String, Totals>> sparse = new HashMap<>();
    TreeSet<String> types = new TreeSet<>();
    for (StatsRow r : rows) {
      Objects.requireNonNull(r, "rows contains null");
      if (r.month().isBefore(from) || r.month().isAfter(to)) {
        continue;
      }
      types.add(r.activityType());
      sparse
          .computeIfAbsent(r.month(), k -> new HashMap<>())
          .merge(
              r.activityType(),
              new Totals(r.activityCount(), r.totalDurationMinutes()),
              (a, b) -> a.plus(b.activityCount(), b.totalDurationMinutes()));
    }
    Map<YearMonth, Map<String, Totals>> grid = new LinkedHashMap<>();
    Map<YearMonth, Totals> byMonth = new LinkedHashMap<>();
    Map<String, Totals> byType = new LinkedHashMap<>();
    types.forEach(t -> byType.put(t, Totals.ZERO));
    Totals all = Totals.ZERO;
    for (YearMonth m : ms) {
      Map<String, Totals> row = new LinkedHashMap<>();
      Totals month = Totals.ZERO;
      for (String t : types) {
        Totals c = sparse.getOrDefault(m, Map.of()).getOrDefault(t, Totals.ZERO);
        row.put(t, c);
        month = month.plus(c.activityCount(), c.totalDurationMinutes());
        byType.put(
            t,
            byType.getOrDefault(t, Totals.ZERO).plus(c.activityCount(), c.totalDurationMinutes()));
      }
      grid.put(m, Collections.unmodifiableMap(row));
      byMonth.put(m, month);
      all = all.plus(month.activityCount(), month.totalDurationMinutes());
    }
    this.months = List.copyOf(ms);
    this.activityTypes = List.copyOf(types);
    this.cells = Collections.unmodifiableMap(grid);
    this.perMonth = Collections.unmodifiableMap(byMonth);
    this.perType = Collections.unmodifiableMap(byType);
    this.total = all;
  }

  /**
   * The series of {@code rows} over {@code from..to} (inclusive).
   *
   * @throws NullPointerException if an argument or a row is null
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the range is over
   *     {@link StatsQuery#MAX_MONTHS} months
   */
  public static StatsSeries of(YearMonth from, YearMonth to, Collection<StatsRow> rows) {
    Objects.requireNonNull(rows, "rows == null");
    StatsQuery.checkRange(from, to);
    return new StatsSeries(from, to, rows);
  }

  /**
   * The series of {@code rows} over the range of {@code query}.
   *
   * @throws NullPointerException if an argument or a row is null
   */
  public static StatsSeries of(StatsQuery query, Collection<StatsRow> rows) {
    Objects.requireNonNull(query, "query == null");
    return of(query.from(), query.to(), rows);
  }

  /** Every month of the range, in order. */
  public List<YearMonth> months() {
    return months;
  }

  /** The codes of the activity types present in the rows, in alphabetical order. */
  public List<String> activityTypes() {
    return activityTypes;
  }

  /**
   * The totals of one month and type: {@link Totals#ZERO} when there were none, including for a
   * month outside the range or a type not present.
   *
   * @throws NullPointerException if an argument is null
   */
  public Totals cell(YearMonth month, String activityType) {
    Objects.requireNonNull(month, "month == null");
    Objects.requireNonNull(activityType, "activityType == null");
    return cells.getOrDefault(month, Map.of()).getOrDefault(activityType, Totals.ZERO);
  }

  /** Month -> type -> totals, every month and every type present (zeros included), in order. */
  public Map<YearMonth, Map<String, Totals>> cells() {
    return cells;
  }

  /** Totals per month over all types, every month of the range in order (zeros included). */
  public Map<YearMonth, Totals> perMonth() {
    return perMonth;
  }

  /** Totals per activity type over the whole range, in type order. */
  public Map<String, Totals> perType() {
    return perType;
  }

  /** Totals over every month and type. */
  public Totals total() {
    return total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatsSeries s && cells.equals(s.cells);
  }

  @Override
  public int hashCode() {
    return cells.hashCode();
  }

  @Override
  public String toString() {
    return "StatsSeries{"
        + months.get(0)
        + ".."
        + months.get(months.size() - 1)
        + ", types="
        + activityTypes
        + ", total="
        + total
        + "}";
  }
}
