package no.likeperson.sdk.bufdir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BufdirModelTest {

  static final UUID ORG = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  static final UUID M1 = UUID.fromString("00000000-0000-0000-0000-000000000001");
  static final UUID T1 = UUID.fromString("00000000-0000-0000-0000-0000000000f1");

  static BufdirPayload sample() {
    BufdirActivityTypeBreakdown b =
        new BufdirActivityTypeBreakdown(T1, "samtale", "Samtale på tå", 3, 90, 2);
    BufdirPeerMentorRecord r =
        new BufdirPeerMentorRecord(M1, "Åse Ødegård", 3, 90, 2, 1, 1, List.of(b));
    return new BufdirPayload(
        ORG,
        ScopeLevel.NATIONAL,
        LocalDate.of(2026, 1, 1),
        LocalDate.of(2026, 12, 31),
        new BufdirTotals(1, 3, 90, 2, 1, 1),
        List.of(new BufdirActivityType(T1, "samtale", "Samtale på tå")),
        List.of(new BufdirMultiChapterMentor(M1, List.of(ORG, T1))),
        List.of(r));
  }

  @Test
  void payload_roundTripsThroughJackson() throws Exception {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    BufdirPayload p = sample();
    String json = mapper.writeValueAsString(p);
    assertThat(json)
        .contains(
            "\"scope\":\"national\"",
            "\"period_start\":\"2026-01-01\"",
            "\"peer_mentor_records\"",
            "\"activities_without_duration\":1")
        .doesNotContain("summary", "empty");
    assertThat(mapper.readValue(json, BufdirPayload.class)).isEqualTo(p);
  }

  @Test
  void lists_areCopiedAndImmutable() {
    List<BufdirActivityTypeBreakdown> types = new ArrayList<>();
    BufdirPeerMentorRecord r = new BufdirPeerMentorRecord(M1, null, 0, 0, 0, 0, 0, types);
    types.add(new BufdirActivityTypeBreakdown(T1, "a", "A", 1, 1, 1));
    assertThat(r.activityTypes()).isEmpty();
    assertThat(r.name()).isEmpty();
    assertThatThrownBy(() -> r.activityTypes().add(null))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void summaryAndOf_areInverse() {
    BufdirPayload p = sample();
    assertThat(BufdirPayload.of(p.summary(), p.peerMentorRecords())).isEqualTo(p);
  }

  @Test
  void replayTo_deliversTheSummaryThenEachRecordInOrder() {
    BufdirPayload one = sample();
    BufdirPeerMentorRecord second = new BufdirPeerMentorRecord(T1, null, 1, 0, 1, 1, 0, List.of());
    BufdirPayload p =
        BufdirPayload.of(one.summary(), List.of(one.peerMentorRecords().get(0), second));
    List<Object> seen = new ArrayList<>();
    p.replayTo(
        new BufdirRecordListener() {
          @Override
          public void onSummary(BufdirSummary summary) {
            seen.add(summary);
          }

          @Override
          public void onRecord(BufdirPeerMentorRecord record) {
            seen.add(record);
          }
        });
    assertThat(seen).containsExactly(p.summary(), one.peerMentorRecords().get(0), second);
    // a payload rebuilt from what was replayed is the same payload
    assertThat(
            BufdirPayload.of(
                (BufdirSummary) seen.get(0), List.of(one.peerMentorRecords().get(0), second)))
        .isEqualTo(p);
  }

  @Test
  void replayTo_stopsAtAListenerException_andRefusesNull() {
    BufdirPayload p =
        BufdirPayload.of(
            sample().summary(),
            List.of(sample().peerMentorRecords().get(0), sample().peerMentorRecords().get(0)));
    List<BufdirPeerMentorRecord> seen = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("disk full");
    assertThatThrownBy(
            () ->
                p.replayTo(
                    r -> {
                      seen.add(r);
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(seen).hasSize(1);
    assertThatThrownBy(() -> p.replayTo(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("listener");
  }

  @Test
  void scopeLevel_wireValues() {
    assertThat(ScopeLevel.CHAPTER.wireValue()).isEqualTo("chapter");
    assertThat(ScopeLevel.fromWireValue("NATIONAL")).isEqualTo(ScopeLevel.NATIONAL);
    assertThatThrownBy(() -> ScopeLevel.fromWireValue("org"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chapter, region or national");
  }
}
