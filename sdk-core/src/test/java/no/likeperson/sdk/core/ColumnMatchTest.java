package no.likeperson.sdk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.junit.jupiter.api.Test;

/**
 * A user's record against PostgREST's snake_case columns: none matching fails, naming both sides.
 */
class ColumnMatchTest {

  static final UUID ORG = UUID.fromString("a0000000-0000-4000-8000-000000000111");
  static final String ROWS =
      "[{\"org_id\":\""
          + ORG
          + "\",\"activity_date\":\"2026-03-01\"},"
          + "{\"org_id\":\""
          + ORG
          + "\",\"activity_date\":\"2026-03-02\"}]";

  @StartStop final MockWebServer server = MockServers.noDelay();

  /** camelCase components without @JsonProperty: Jackson would fill neither. */
  record CamelRow(UUID orgId, LocalDate activityDate) {}

  /**
   * The Android-safe form: an explicit canonical constructor with @JsonCreator and @JsonProperty.
   */
  record MappedRow(UUID orgId, LocalDate activityDate) {
    @JsonCreator
    MappedRow(
        @JsonProperty("org_id") UUID orgId, @JsonProperty("activity_date") LocalDate activityDate) {
      this.orgId = orgId;
      this.activityDate = activityDate;
    }
  }

  record PartlyMatching(@JsonProperty("org_id") UUID orgId, String notSelected) {}

  record Amount(@JsonProperty("amount") BigDecimal amount) {}

  private SupabaseClient client(SupabaseClient.Builder b) {
    return b.url(server.url("/").toString())
        .apiKey("sb_publishable_x")
        .retry(RetrySettings.disabled())
        .build();
  }

  private void answer(String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  @Test
  void recordMatchingNoColumn_failsNamingPropertiesAndColumns() {
    answer(ROWS);
    try (SupabaseClient c = client(SupabaseClient.builder())) {
      assertThatThrownBy(
              () -> c.from("activities").select("org_id,activity_date").list(CamelRow.class))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessageContaining(
              "GET /rest/v1/activities returned columns of which none is a property of CamelRow")
          .hasMessageContaining("properties orgId, activityDate; columns org_id, activity_date")
          .hasMessageContaining("@JsonProperty")
          .hasMessageContaining("SNAKE_CASE")
          .hasMessageNotContaining(ORG.toString())
          .hasMessageNotContaining("2026-03-01");
    }
  }

  @Test
  void singleAndMaybeSingle_areCheckedToo() {
    answer(ROWS.substring(1, ROWS.indexOf('}') + 1));
    answer("[" + ROWS.substring(1, ROWS.indexOf('}') + 1) + "]");
    try (SupabaseClient c = client(SupabaseClient.builder())) {
      assertThatThrownBy(() -> c.rpc("f").single(CamelRow.class))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessageContaining("none is a property of CamelRow");
      assertThatThrownBy(() -> c.from("activities").maybeSingle(CamelRow.class))
          .isInstanceOf(SupabaseClientException.class)
          .hasMessageContaining("none is a property of CamelRow");
    }
  }

  @Test
  void snakeCaseNamingStrategy_mapsTheSameRecord() {
    answer(ROWS);
    try (SupabaseClient c =
        client(
            SupabaseClient.builder()
                .objectMapper(
                    SupabaseClient.Builder.defaultMapper()
                        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)))) {
      assertThat(c.from("activities").list(CamelRow.class))
          .containsExactly(
              new CamelRow(ORG, LocalDate.of(2026, 3, 1)),
              new CamelRow(ORG, LocalDate.of(2026, 3, 2)));
    }
  }

  @Test
  void explicitJsonProperty_mapsIt() {
    answer(ROWS);
    try (SupabaseClient c = client(SupabaseClient.builder())) {
      assertThat(c.from("activities").list(MappedRow.class))
          .extracting(MappedRow::orgId)
          .containsOnly(ORG);
    }
  }

  @Test
  void someColumnsMatching_isFine_theOthersStayNull() {
    answer(ROWS);
    try (SupabaseClient c = client(SupabaseClient.builder())) {
      assertThat(c.from("activities").list(PartlyMatching.class))
          .containsExactly(new PartlyMatching(ORG, null), new PartlyMatching(ORG, null));
    }
  }

  @Test
  void mapsJsonNodesAndEmptyAnswers_areNotChecked() {
    answer(ROWS);
    answer(ROWS);
    answer("[]");
    answer("[{}]");
    try (SupabaseClient c = client(SupabaseClient.builder())) {
      assertThat(c.from("activities").list(Map.class)).hasSize(2);
      assertThat(c.from("activities").list(JsonNode.class)).hasSize(2);
      assertThat(c.from("activities").list(CamelRow.class)).isEmpty();
      assertThat(c.from("activities").list(CamelRow.class))
          .containsExactly(new CamelRow(null, null));
    }
  }

  @Test
  void bufferedFirstRow_keepsExactDecimals() {
    answer("[{\"amount\":12345678901234567890.123456789},{\"amount\":0.1}]");
    try (SupabaseClient c = client(SupabaseClient.builder())) {
      assertThat(c.from("reimbursements").list(Amount.class))
          .extracting(Amount::amount)
          .containsExactly(new BigDecimal("12345678901234567890.123456789"), new BigDecimal("0.1"));
    }
  }
}
