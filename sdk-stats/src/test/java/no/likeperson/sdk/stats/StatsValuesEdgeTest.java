package no.likeperson.sdk.stats;

import static no.likeperson.sdk.stats.StatsFixture.COORD;
import static no.likeperson.sdk.stats.StatsFixture.MENTOR;
import static no.likeperson.sdk.stats.StatsFixture.ORG;
import static no.likeperson.sdk.stats.StatsFixture.TALK;
import static no.likeperson.sdk.stats.StatsFixture.json;
import static no.likeperson.sdk.stats.StatsFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import org.junit.jupiter.api.Test;

/** The value types at their edges, and the repository's paths the other wire tests leave open. */
class StatsValuesEdgeTest {

  @StartStop final MockWebServer server = StatsFixture.noDelayServer();

  static final YearMonth JAN = YearMonth.of(2026, 1);
  static final YearMonth MAR = YearMonth.of(2026, 3);

  static StatsRow talk(YearMonth m, long count) {
    return new StatsRow(ORG, COORD, m, TALK, "samtale", count, count * 30);
  }

  @Test
  void series_equalityFollowsTheCells_andToStringNamesRangeTypesAndTotal() {
    StatsSeries a = StatsSeries.of(JAN, MAR, List.of(talk(JAN, 2)));
    StatsSeries same = StatsSeries.of(JAN, MAR, List.of(talk(JAN, 1), talk(JAN, 1)));
    StatsSeries other = StatsSeries.of(JAN, MAR, List.of(talk(JAN, 3)));
    assertThat(a)
        .isEqualTo(same)
        .hasSameHashCodeAs(same)
        .isNotEqualTo(other)
        .isNotEqualTo("series");
    assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
    assertThat(a)
        .hasToString(
            "StatsSeries{2026-01..2026-03, types=[samtale], total=Totals[activityCount=2, "
                + "totalDurationMinutes=60]}");
  }

  @Test
  void query_monthsCountsBothEnds() {
    assertThat(StatsQuery.coordinator(ORG, COORD, JAN, JAN).months()).isOne();
    assertThat(StatsQuery.coordinator(ORG, COORD, JAN, MAR).months()).isEqualTo(3);
  }

  @Test
  void row_zeroCountsAreValid_negativeAreNot() {
    assertThat(talk(JAN, 0).activityCount()).isZero();
    assertThatThrownBy(() -> new StatsRow(ORG, COORD, JAN, TALK, "samtale", -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StatsRow(ORG, COORD, JAN, TALK, "samtale", 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void peerMentor_syncReturnsTheRows_andAFullAsyncPageIsFollowedByTheNext() throws Exception {
    try (SupabaseClient client = StatsFixture.client(server)) {
      StatsRepository stats = StatsRepository.create(client);
      String one = "[" + row(ORG, MENTOR, "2026-01-01", TALK, "samtale", 2, 90L) + "]";
      server.enqueue(json(one));
      server.enqueue(json(one));
      assertThat(stats.peerMentorMonthlyStats(ORG, MENTOR, JAN, MAR)).hasSize(1);
      assertThat(stats.peerMentorMonthlyStats(ORG, MENTOR, JAN, MAR, RequestOptions.defaults()))
          .singleElement()
          .extracting(StatsRow::activityCount)
          .isEqualTo(2L);

      StringBuilder page = new StringBuilder("[");
      for (int i = 0; i < StatsRepository.PAGE; i++) {
        page.append(i == 0 ? "" : ",")
            .append(row(ORG, MENTOR, "2026-01-01", UUID.randomUUID(), "t" + i, 1, 1L));
      }
      server.enqueue(json(page.append("]").toString()));
      server.enqueue(json("[]"));
      assertThat(stats.peerMentorMonthlyStatsAsync(ORG, MENTOR, JAN, MAR).get(10, TimeUnit.SECONDS))
          .hasSize(StatsRepository.PAGE);
      assertThat(server.getRequestCount()).as("a full page asks for the next").isEqualTo(4);
    }
  }
}
