package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.StatsFixture.COORD;
import static no.likeperson.sdk.stats.StatsFixture.GROUP;
import static no.likeperson.sdk.stats.StatsFixture.ORG;
import static no.likeperson.sdk.stats.StatsFixture.TALK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.List;
import no.likeperson.sdk.stats.StatsSeries.Totals;
import org.junit.jupiter.api.Test;

class StatsSeriesTest {

  private static final YearMonth NOV = YearMonth.of(2025, 11);
  private static final YearMonth DEC = YearMonth.of(2025, 12);
  private static final YearMonth JAN = YearMonth.of(2026, 1);
  private static final YearMonth FEB = YearMonth.of(2026, 2);

  private static StatsRow row(YearMonth m, String code, long n, long min) {
    return new StatsRow(ORG, COORD, m, code.equals("samtale") ? TALK : GROUP, code, n, min);
  }

  @Test
  void everyMonthAndEveryTypePresent_withZerosForMissingCells_andTotals() {
    StatsSeries s =
        StatsSeries.of(
            NOV,
            FEB,
            List.of(
                row(NOV, "samtale", 2, 120),
                row(JAN, "samtale", 1, 45),
                row(JAN, "aktivitetsgruppe", 3, 0)));
    assertThat(s.months()).containsExactly(NOV, DEC, JAN, FEB);
    assertThat(s.activityTypes()).containsExactly("aktivitetsgruppe", "samtale");
    assertThat(s.cell(DEC, "samtale")).isEqualTo(Totals.ZERO);
    assertThat(s.cell(NOV, "aktivitetsgruppe")).isEqualTo(Totals.ZERO);
    assertThat(s.cell(JAN, "aktivitetsgruppe")).isEqualTo(new Totals(3, 0));
    assertThat(s.cells())
        .hasSize(4)
        .allSatisfy(
            (m, types) -> assertThat(types).containsOnlyKeys("aktivitetsgruppe", "samtale"));
    assertThat(s.perMonth())
        .containsExactly(
            java.util.Map.entry(NOV, new Totals(2, 120)), java.util.Map.entry(DEC, Totals.ZERO),
            java.util.Map.entry(JAN, new Totals(4, 45)), java.util.Map.entry(FEB, Totals.ZERO));
    assertThat(s.perType())
        .containsExactly(
            java.util.Map.entry("aktivitetsgruppe", new Totals(3, 0)),
            java.util.Map.entry("samtale", new Totals(3, 165)));
    assertThat(s.total()).isEqualTo(new Totals(6, 165));
  }

  @Test
  void noRows_isAllZeroMonthsWithoutTypes() {
    StatsSeries s = StatsSeries.of(JAN, FEB, List.of());
    assertThat(s.months()).containsExactly(JAN, FEB);
    assertThat(s.activityTypes()).isEmpty();
    assertThat(s.perMonth().values()).containsOnly(Totals.ZERO);
    assertThat(s.total()).isEqualTo(Totals.ZERO);
  }

  @Test
  void rowsOutsideTheRange_areIgnored_andTypesSharingACodeAreAddedUp() {
    StatsRow sameCodeOtherId = new StatsRow(ORG, COORD, JAN, GROUP, "samtale", 1, 10);
    StatsSeries s =
        StatsSeries.of(
            StatsQuery.coordinator(ORG, COORD, JAN, JAN),
            List.of(row(DEC, "samtale", 9, 9), row(JAN, "samtale", 1, 45), sameCodeOtherId));
    assertThat(s.total()).isEqualTo(new Totals(2, 55));
    assertThat(s.activityTypes()).containsExactly("samtale");
  }

  @Test
  void isImmutable_andValidatesItsArguments() {
    StatsSeries s = StatsSeries.of(JAN, FEB, List.of(row(JAN, "samtale", 1, 1)));
    assertThatThrownBy(() -> s.perMonth().put(JAN, Totals.ZERO))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.cells().get(JAN).put("x", Totals.ZERO))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.months().add(JAN)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> StatsSeries.of(FEB, JAN, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StatsSeries.of(JAN, FEB, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("rows == null");
    assertThatThrownBy(() -> StatsSeries.of(JAN, JAN.plusMonths(60), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(StatsSeries.of(JAN, FEB, List.of(row(JAN, "samtale", 1, 1))))
        .isEqualTo(s)
        .hasSameHashCodeAs(s);
  }
}
