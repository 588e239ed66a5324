package no.likeperson.sdk.bufdir;

import static no.likeperson.sdk.bufdir.WireFixture.ORG;
import static no.likeperson.sdk.bufdir.WireFixture.OTHER_ORG;
import static no.likeperson.sdk.bufdir.WireFixture.json;
import static no.likeperson.sdk.bufdir.WireFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.PermissionDeniedException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The request, the mapping and every edge case of card 001, against MockWebServer. */
class ActivityAggregationServiceTest {

  static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  static final LocalDate DEC_31 = LocalDate.of(2026, 12, 31);
  static final String M1 = "00000000-0000-4000-8000-000000000001";
  static final String M2 = "00000000-0000-4000-8000-000000000002";
  static final String M3 = "00000000-0000-4000-8000-000000000003";
  static final String T_TALK = "00000000-0000-4000-8000-0000000000f1";
  static final String T_GROUP = "00000000-0000-4000-8000-0000000000f2";
  static final String CHAPTER_2 = "00000000-0000-4000-8000-0000000000c2";

  @StartStop final MockWebServer server = new MockWebServer();

  SupabaseClient client;
  ActivityAggregationService service;

  @BeforeEach
  void setUp() {
    client = WireFixture.client(server);
    service = ActivityAggregationService.create(client);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  static String doc(String scope, String totals, String types, String multi, String records) {
    return q(
        "{'organisation_id':'"
            + ORG
            + "','scope':'"
            + scope
            + "','period_start':'2026-01-01',"
            + "'period_end':'2026-12-31','totals':"
            + totals
            + ",'activity_types':"
            + types
            + ",'multi_chapter_mentors':"
            + multi
            + ",'peer_mentor_records':"
            + records
            + "}");
  }

  static final String TYPES =
      "[{'id':'"
          + T_TALK
          + "','code':'samtale','name':'Samtale'},"
          + "{'id':'"
          + T_GROUP
          + "','code':'gruppe','name':'Gruppeaktivitet på tvers'}]";

  static String record(
      String mentor,
      String name,
      long sessions,
      long minutes,
      long count,
      long unknown,
      long proxies,
      String groups) {
    return "{'peer_mentor_id':'"
        + mentor
        + "','full_name':"
        + (name == null ? "null" : "'" + name + "'")
        + ",'session_count':"
        + sessions
        + ",'duration_minutes':"
        + minutes
        + ",'activity_count':"
        + count
        + ",'activities_without_duration':"
        + unknown
        + ",'proxy_activity_count':"
        + proxies
        + ",'activity_types':"
        + groups
        + "}";
  }

  static String group(String type, long sessions, long minutes, long count) {
    return "{'type':'"
        + type
        + "','sessions':"
        + sessions
        + ",'minutes':"
        + minutes
        + ",'count':"
        + count
        + "}";
  }

  static String totals(
      long mentors, long sessions, long minutes, long count, long proxies, long unknown) {
    return "{'peer_mentor_count':"
        + mentors
        + ",'session_count':"
        + sessions
        + ",'duration_minutes':"
        + minutes
        + ",'activity_count':"
        + count
        + ",'proxy_activity_count':"
        + proxies
        + ",'activities_without_duration':"
        + unknown
        + "}";
  }

  static final String ONE_MENTOR =
      doc(
          "chapter",
          totals(1, 1, 45, 1, 0, 0),
          TYPES,
          "[]",
          "["
              + record(M1, "Åse Ødegård", 1, 45, 1, 0, 0, "[" + group(T_TALK, 1, 45, 1) + "]")
              + "]");

  // ---- the request ----

  @Test
  void aggregate_sendsOnePostWithIsoDatesAndTheScopesWireValue() throws Exception {
    server.enqueue(json(ONE_MENTOR));
    service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/rpc/bufdir_payload");
    assertThat(new ObjectMapper().readTree(r.getBody().utf8()))
        .isEqualTo(
            new ObjectMapper()
                .readTree(
                    q(
                        "{'p_org_id':'"
                            + ORG
                            + "','p_period_start':'2026-01-01','p_period_end':'2026-12-31','p_scope':'chapter'}")));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(ScopeLevel.class)
  void aggregate_sendsEachScopeAsItsWireValue(ScopeLevel scope) throws Exception {
    server.enqueue(json(doc(scope.wireValue(), totals(0, 0, 0, 0, 0, 0), "[]", "[]", "[]")));
    assertThat(service.aggregateActivities(ORG, JAN_1, DEC_31, scope).scope()).isEqualTo(scope);
    assertThat(server.takeRequest().getBody().utf8())
        .contains(q("'p_scope':'" + scope.wireValue() + "'"));
  }

  // ---- the mapping and the card's edge cases ----

  @Test
  void oneMentorWithOneActivity_isMappedWithTheTypeResolvedFromTheDictionary() {
    server.enqueue(json(ONE_MENTOR));
    BufdirPayload p = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThat(p.organisationId()).isEqualTo(ORG);
    assertThat(p.periodStart()).isEqualTo(JAN_1);
    assertThat(p.periodEnd()).isEqualTo(DEC_31);
    assertThat(p.totals()).isEqualTo(new BufdirTotals(1, 1, 45, 1, 0, 0));
    assertThat(p.peerMentorRecords())
        .containsExactly(
            new BufdirPeerMentorRecord(
                UUID.fromString(M1),
                "Åse Ødegård",
                1,
                45,
                1,
                0,
                0,
                List.of(
                    new BufdirActivityTypeBreakdown(
                        UUID.fromString(T_TALK), "samtale", "Samtale", 1, 45, 1))));
    assertThat(p.activityTypes())
        .extracting(BufdirActivityType::code)
        .containsExactly("samtale", "gruppe");
    assertThat(p.multiChapterMentors()).isEmpty();
  }

  @Test
  void manyMentors_keepTheServersOrder_andEachBreakdownItsOwnType() {
    server.enqueue(
        json(
            doc(
                "chapter",
                totals(3, 9, 300, 6, 0, 0),
                TYPES,
                "[]",
                "["
                    + record(
                        M1,
                        "A",
                        2,
                        90,
                        2,
                        0,
                        0,
                        "[" + group(T_GROUP, 1, 45, 1) + "," + group(T_TALK, 1, 45, 1) + "]")
                    + ","
                    + record(M2, "B", 3, 120, 2, 0, 0, "[" + group(T_TALK, 3, 120, 2) + "]")
                    + ","
                    + record(M3, null, 4, 90, 2, 0, 0, "[" + group(T_GROUP, 4, 90, 2) + "]")
                    + "]")));
    BufdirPayload p = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThat(p.peerMentorRecords())
        .extracting(r -> r.peerMentorId().toString())
        .containsExactly(M1, M2, M3);
    assertThat(p.peerMentorRecords().get(0).activityTypes())
        .extracting(
            BufdirActivityTypeBreakdown::code,
            BufdirActivityTypeBreakdown::name,
            BufdirActivityTypeBreakdown::sessionCount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("gruppe", "Gruppeaktivitet på tvers", 1L),
            org.assertj.core.groups.Tuple.tuple("samtale", "Samtale", 1L));
    assertThat(p.peerMentorRecords().get(2).name()).isEmpty();
    assertThat(p.totals().peerMentorCount()).isEqualTo(3);
  }

  @Test
  void nullDurations_areReportedPerMentorAndInTheTotals() {
    server.enqueue(
        json(
            doc(
                "chapter",
                totals(1, 3, 45, 3, 0, 2),
                TYPES,
                "[]",
                "[" + record(M1, "A", 3, 45, 3, 2, 0, "[" + group(T_TALK, 3, 45, 3) + "]") + "]")));
    BufdirPayload p = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThat(p.peerMentorRecords().get(0).activitiesWithoutDuration()).isEqualTo(2);
    assertThat(p.totals().activitiesWithoutDuration()).isEqualTo(2);
    assertThat(p.peerMentorRecords().get(0).durationMinutes()).isEqualTo(45);
  }

  @Test
  void emptyPeriod_isAnEmptyPayload_notAnError() {
    server.enqueue(json(doc("chapter", totals(0, 0, 0, 0, 0, 0), "[]", "[]", "[]")));
    BufdirPayload p = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.peerMentorRecords()).isEmpty();
    assertThat(p.totals()).isEqualTo(BufdirTotals.ZERO);
  }

  @Test
  void multiChapterMentor_appearsOnce_andIsListedWithItsChapters() {
    server.enqueue(
        json(
            doc(
                "region",
                totals(1, 2, 90, 2, 0, 0),
                TYPES,
                "[{'peer_mentor_id':'"
                    + M1
                    + "','organisation_ids':['"
                    + ORG
                    + "','"
                    + CHAPTER_2
                    + "']}]",
                "[" + record(M1, "A", 2, 90, 2, 0, 0, "[" + group(T_TALK, 2, 90, 2) + "]") + "]")));
    BufdirPayload p = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.REGION);
    assertThat(p.peerMentorRecords()).hasSize(1);
    assertThat(p.multiChapterMentors())
        .containsExactly(
            new BufdirMultiChapterMentor(
                UUID.fromString(M1), List.of(ORG, UUID.fromString(CHAPTER_2))));
  }

  @Test
  void proxyActivities_areCountedForTheMentorTheyAreAttributedTo() {
    server.enqueue(
        json(
            doc(
                "chapter",
                totals(1, 2, 105, 2, 1, 0),
                TYPES,
                "[]",
                "["
                    + record(M2, "B", 2, 105, 2, 0, 1, "[" + group(T_TALK, 2, 105, 2) + "]")
                    + "]")));
    BufdirPayload p = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThat(p.peerMentorRecords().get(0).proxyActivityCount()).isEqualTo(1);
    assertThat(p.totals().proxyActivityCount()).isEqualTo(1);
  }

  @Test
  void unknownFields_areSkipped() {
    server.enqueue(json(q("{'schema_version':2,'extra':{'a':[1,2]},") + ONE_MENTOR.substring(1)));
    assertThat(
            service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER).peerMentorRecords())
        .hasSize(1);
  }

  /** A chapter document with one record given as raw JSON (single quotes for double quotes). */
  static String withRecord(String rawRecord) {
    return doc("chapter", totals(1, 1, 45, 1, 0, 0), TYPES, "[]", "[" + q(rawRecord) + "]");
  }

  @Test
  void recordFields_unknownOnesSkipped_nullNumbersAreZero_nullNameAndGroupsAllowed() {
    server.enqueue(
        json(
            withRecord(
                "{'extra':{'x':[1,{'y':2}]},'peer_mentor_id':'"
                    + M1
                    + "','full_name':null,'session_count':null,'duration_minutes':7,"
                    + "'activity_count':3,'activities_without_duration':1,"
                    + "'proxy_activity_count':2,'activity_types':null}")));
    BufdirPeerMentorRecord r =
        service
            .aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER)
            .peerMentorRecords()
            .get(0);
    assertThat(r.peerMentorId()).isEqualTo(UUID.fromString(M1));
    assertThat(r.fullName()).isNull();
    assertThat(r.sessionCount()).isZero();
    assertThat(r.durationMinutes()).isEqualTo(7);
    assertThat(r.activityCount()).isEqualTo(3);
    assertThat(r.activitiesWithoutDuration()).isEqualTo(1);
    assertThat(r.proxyActivityCount()).isEqualTo(2);
    assertThat(r.activityTypes()).isEmpty();
  }

  @Test
  void groupFields_unknownOnesSkipped_andEachNumberLandsInItsPlace() {
    server.enqueue(
        json(
            withRecord(
                "{'peer_mentor_id':'"
                    + M1
                    + "','full_name':'A','session_count':5,'duration_minutes':6,'activity_count':7,"
                    + "'activity_types':[{'note':[1],'count':4,'minutes':3,'type':'"
                    + T_TALK
                    + "','sessions':2}]}")));
    BufdirActivityTypeBreakdown b =
        service
            .aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER)
            .peerMentorRecords()
            .get(0)
            .activityTypes()
            .get(0);
    assertThat(b.activityTypeId()).isEqualTo(UUID.fromString(T_TALK));
    assertThat(b.sessionCount()).isEqualTo(2);
    assertThat(b.durationMinutes()).isEqualTo(3);
    assertThat(b.activityCount()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{'full_name':'no id','session_count':1}|no peer_mentor_id",
        "{'peer_mentor_id':null}|no peer_mentor_id",
        "{'peer_mentor_id':'not-a-uuid'}|is not a UUID",
        "{'peer_mentor_id':42}|is not a string",
        "{'peer_mentor_id':'" + M1 + "','full_name':7}|full_name is not a string",
        "{'peer_mentor_id':'" + M1 + "','session_count':'5'}|session_count is not a whole number",
        "{'peer_mentor_id':'" + M1 + "','duration_minutes':1.5}|duration_minutes is not a whole",
        "{'peer_mentor_id':'"
            + M1
            + "','activity_types':{}}|activity_types of a record is not an array",
        "{'peer_mentor_id':'" + M1 + "','activity_types':[1]}|holds something other than objects",
        "{'peer_mentor_id':'"
            + M1
            + "','activity_types':[{'sessions':1}]}|not in the activity_types",
        "{'peer_mentor_id':'"
            + M1
            + "','activity_types':[{'type':'"
            + T_TALK
            + "','count':true}]}|count is not a whole number"
      })
  void malformedRecord_isANonRetryableUnexpectedDocument(String recordAndMessage) {
    String[] parts = recordAndMessage.split("\\|");
    server.enqueue(json(withRecord(parts[0])));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.getMessage()).contains("unexpected document").contains(parts[1]);
              assertThat(e.isRetryable()).isFalse();
            });
  }

  // ---- validation and the guard: nothing sent ----

  @Test
  void nullArguments_areRefusedBeforeSending() {
    assertThatThrownBy(() -> service.aggregateActivities(null, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("orgId == null");
    assertThatThrownBy(() -> service.aggregateActivities(ORG, null, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("periodStart == null");
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, null, ScopeLevel.CHAPTER))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("periodEnd == null");
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("scope == null");
    assertThatThrownBy(() -> service.streamActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener == null");
    assertThatThrownBy(() -> ActivityAggregationService.create(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("client == null");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void startAfterEnd_isRefusedBeforeSending() {
    assertThatThrownBy(() -> service.aggregateActivities(ORG, DEC_31, JAN_1, ScopeLevel.CHAPTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is after periodEnd");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void periodOverFiveYears_isRefused_andExactlyFiveYearsIsAllowed() throws Exception {
    assertThatThrownBy(
            () -> service.aggregateActivities(ORG, JAN_1, JAN_1.plusYears(5), ScopeLevel.NATIONAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than 5 years");
    assertThat(server.getRequestCount()).isZero();
    server.enqueue(json(doc("chapter", totals(0, 0, 0, 0, 0, 0), "[]", "[]", "[]")));
    service.aggregateActivities(ORG, JAN_1, JAN_1.plusYears(5).minusDays(1), ScopeLevel.CHAPTER);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void oneDayPeriod_isAllowed() {
    server.enqueue(json(doc("chapter", totals(0, 0, 0, 0, 0, 0), "[]", "[]", "[]")));
    service.aggregateActivities(ORG, JAN_1, JAN_1, ScopeLevel.CHAPTER);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void anotherOrganisation_isRefusedByTheGuard_syncAsyncAndStreamed() {
    assertThatThrownBy(
            () -> service.aggregateActivities(OTHER_ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(
            () -> service.streamActivities(OTHER_ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, r -> {}))
        .isInstanceOf(UnauthorisedAccessException.class);
    CompletableFuture<BufdirPayload> f =
        service.aggregateActivitiesAsync(OTHER_ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThatThrownBy(f::get)
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void asyncValidation_failsTheFuture_andSendsNothing() {
    assertThatThrownBy(
            () -> service.aggregateActivitiesAsync(ORG, DEC_31, JAN_1, ScopeLevel.CHAPTER).get())
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> service.streamActivitiesAsync(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, null).get())
        .hasCauseInstanceOf(NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- server refusals and failures ----

  @Test
  void serverRefusal_isABufdirException_withTheCauseKept() {
    server.enqueue(
        json(
            403,
            q(
                "{'code':'42501','message':'not allowed to aggregate activities of organisation x',"
                    + "'details':null,'hint':null}")));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.code()).contains("42501");
              assertThat(e.statusCode()).hasValue(403);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getCause()).isInstanceOf(PermissionDeniedException.class);
              assertThat(e.getMessage()).startsWith("Bufdir aggregation failed");
            });
  }

  @Test
  void serverRefusal_async_failsTheFutureWithABufdirException() {
    server.enqueue(json(403, q("{'code':'42501','message':'no'}")));
    assertThatThrownBy(
            () -> service.aggregateActivitiesAsync(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER).get())
        .hasCauseInstanceOf(BufdirException.class);
  }

  @Test
  void unavailable_isRetryable_andRetriedForThePayloadForm() {
    try (SupabaseClient retrying = WireFixture.retryingClient(server)) {
      server.enqueue(json(503, q("{'code':'PGRST000','message':'down'}")));
      server.enqueue(json(ONE_MENTOR));
      BufdirPayload p =
          ActivityAggregationService.create(retrying)
              .aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
      assertThat(p.peerMentorRecords()).hasSize(1);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }

  @Test
  void groupReferringToAnUnknownType_isAnUnexpectedDocument() {
    server.enqueue(
        json(
            doc(
                "chapter",
                totals(1, 1, 1, 1, 0, 0),
                "[]",
                "[]",
                "[" + record(M1, "A", 1, 1, 1, 0, 0, "[" + group(T_TALK, 1, 1, 1) + "]") + "]")));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.getMessage()).contains("not in the activity_types dictionary");
              assertThat(e.isRetryable()).isFalse();
            });
  }

  @Test
  void theOldDocumentWithoutADictionary_isRefusedWithAHintAtTheMigration() {
    server.enqueue(
        json(
            q(
                "{'organisation_id':'"
                    + ORG
                    + "','scope':'chapter','period_start':'2026-01-01',"
                    + "'period_end':'2026-12-31','totals':"
                    + totals(0, 0, 0, 0, 0, 0)
                    + ",'peer_mentor_records':[]}")));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOf(BufdirException.class)
        .hasMessageContaining("20261204020000_bufdir_type_dictionary");
  }

  // ---- the set form: bufdir_payload() answers "[document]" ----

  @Test
  void setForm_theDocumentAsTheOnlyElementOfAnArray_equalsTheBareDocument() {
    server.enqueue(json("[" + TWO_MENTORS + "]"));
    server.enqueue(json(TWO_MENTORS));
    BufdirPayload set = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    BufdirPayload bare = service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
    assertThat(set).isEqualTo(bare);
    assertThat(set.peerMentorRecords())
        .extracting(r -> r.peerMentorId().toString())
        .containsExactly(M1, M2);
  }

  @Test
  void setForm_streamed_deliversTheSummaryThenEachRecord() {
    server.enqueue(json("[" + TWO_MENTORS + "]"));
    List<BufdirPeerMentorRecord> seen = new ArrayList<>();
    BufdirSummary s = service.streamActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, seen::add);
    assertThat(s.totals().peerMentorCount()).isEqualTo(2);
    assertThat(seen).extracting(r -> r.peerMentorId().toString()).containsExactly(M1, M2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[null]", "[1]", "[[]]"})
  void setForm_withoutOneDocument_isAnUnexpectedDocument(String body) {
    server.enqueue(json(body));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.getMessage()).containsAnyOf("empty set", "not a JSON object");
              assertThat(e.isRetryable()).isFalse();
            });
  }

  @Test
  void setForm_withTwoDocuments_isRefused_afterTheFirstWasRead() {
    server.enqueue(json("[" + TWO_MENTORS + "," + TWO_MENTORS + "]"));
    List<BufdirPeerMentorRecord> seen = new ArrayList<>();
    assertThatThrownBy(
            () -> service.streamActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, seen::add))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> assertThat(e.getMessage()).contains("more than one document"));
    assertThat(seen).hasSize(2);
  }

  @Test
  void setForm_cutBeforeItsClosingBracket_isNotAcceptedAsComplete() {
    server.enqueue(json("[" + TWO_MENTORS));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOf(BufdirException.class);
  }

  @Test
  void invalidJson_isANonRetryableBufdirException() {
    server.enqueue(json(ONE_MENTOR.substring(0, ONE_MENTOR.length() - 10)));
    assertThatThrownBy(() -> service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER))
        .isInstanceOfSatisfying(BufdirException.class, e -> assertThat(e.isRetryable()).isFalse());
  }

  // ---- the streaming form ----

  static final String TWO_MENTORS =
      doc(
          "chapter",
          totals(2, 2, 90, 2, 0, 0),
          TYPES,
          "[]",
          "["
              + record(M1, "A", 1, 45, 1, 0, 0, "[" + group(T_TALK, 1, 45, 1) + "]")
              + ","
              + record(M2, "B", 1, 45, 1, 0, 0, "[" + group(T_TALK, 1, 45, 1) + "]")
              + "]");

  @Test
  void stream_deliversTheSummaryFirst_thenEachRecordInOrder_andEqualsThePayloadForm() {
    server.enqueue(json(TWO_MENTORS));
    server.enqueue(json(TWO_MENTORS));
    List<String> events = new ArrayList<>();
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    BufdirSummary s =
        service.streamActivities(
            ORG,
            JAN_1,
            DEC_31,
            ScopeLevel.CHAPTER,
            new BufdirRecordListener() {
              @Override
              public void onSummary(BufdirSummary summary) {
                events.add("summary " + summary.totals().peerMentorCount());
              }

              @Override
              public void onRecord(BufdirPeerMentorRecord record) {
                events.add("record " + record.peerMentorId());
                records.add(record);
              }
            });
    assertThat(events).containsExactly("summary 2", "record " + M1, "record " + M2);
    assertThat(BufdirPayload.of(s, records))
        .isEqualTo(service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER));
  }

  @Test
  void streamAsync_deliversTheSameRecords() throws Exception {
    server.enqueue(json(TWO_MENTORS));
    List<BufdirPeerMentorRecord> records = new ArrayList<>();
    BufdirSummary s =
        service.streamActivitiesAsync(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, records::add).get();
    assertThat(records).hasSize(2);
    assertThat(s.totals().peerMentorCount()).isEqualTo(2);
  }

  @Test
  void aggregateAsync_equalsTheSynchronousForm() throws Exception {
    server.enqueue(json(TWO_MENTORS));
    server.enqueue(json(TWO_MENTORS));
    assertThat(service.aggregateActivitiesAsync(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER).get())
        .isEqualTo(service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER));
  }

  @Test
  void perCallOptions_areApplied_syncAndAsync() throws Exception {
    RequestOptions perCall = RequestOptions.builder().accessToken("per-call").build();
    server.enqueue(json(TWO_MENTORS));
    server.enqueue(json(TWO_MENTORS));
    service.aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, perCall);
    service.aggregateActivitiesAsync(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, perCall).get();
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer per-call");
    assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer per-call");
  }

  @Test
  void asyncWithNullOptions_failsTheFuture_andSendsNothing() {
    CompletableFuture<BufdirPayload> f =
        service.aggregateActivitiesAsync(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, null);
    assertThatThrownBy(f::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options == null");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void stream_listenerException_isRethrownUnchanged_andStopsTheRead() {
    server.enqueue(json(TWO_MENTORS));
    IllegalStateException boom = new IllegalStateException("disk full");
    List<BufdirPeerMentorRecord> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                service.streamActivities(
                    ORG,
                    JAN_1,
                    DEC_31,
                    ScopeLevel.CHAPTER,
                    r -> {
                      seen.add(r);
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(seen).hasSize(1);
  }

  @Test
  void streamAsync_listenerException_failsTheFutureWithIt() {
    server.enqueue(json(TWO_MENTORS));
    IllegalStateException boom = new IllegalStateException("disk full");
    assertThatThrownBy(
            () ->
                service
                    .streamActivitiesAsync(
                        ORG,
                        JAN_1,
                        DEC_31,
                        ScopeLevel.CHAPTER,
                        r -> {
                          throw boom;
                        })
                    .get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
  }

  /**
   * A body that stops after the first record: Content-Length promises more than is sent, so the
   * client's read times out (an I/O failure) after it has parsed that record.
   */
  MockResponse brokenAfterFirstRecord() {
    String partial = TWO_MENTORS.substring(0, TWO_MENTORS.indexOf(q("{'peer_mentor_id':'" + M2)));
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(partial)
        .setHeader("Content-Length", "100000")
        .build();
  }

  @Test
  void stream_brokenAfterRecordsWereDelivered_isNotRepeated_andSaysTheOutputIsIncomplete() {
    try (SupabaseClient retrying = WireFixture.retryingClient(server)) {
      server.enqueue(brokenAfterFirstRecord());
      server.enqueue(json(TWO_MENTORS));
      List<BufdirPeerMentorRecord> seen = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  ActivityAggregationService.create(retrying)
                      .streamActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER, seen::add))
          .isInstanceOfSatisfying(
              BufdirException.class,
              e -> {
                assertThat(e.getMessage()).contains("incomplete");
                assertThat(e.isRetryable()).isFalse();
                assertThat(e.getCause()).isInstanceOf(SupabaseClientException.class);
              });
      assertThat(seen).extracting(r -> r.peerMentorId().toString()).containsExactly(M1);
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void payload_brokenMidBody_isReplayed_andHoldsEachRecordOnce() {
    try (SupabaseClient retrying = WireFixture.retryingClient(server)) {
      server.enqueue(brokenAfterFirstRecord());
      server.enqueue(json(TWO_MENTORS));
      BufdirPayload p =
          ActivityAggregationService.create(retrying)
              .aggregateActivities(ORG, JAN_1, DEC_31, ScopeLevel.CHAPTER);
      assertThat(p.peerMentorRecords())
          .extracting(r -> r.peerMentorId().toString())
          .containsExactly(M1, M2);
      assertThat(server.getRequestCount()).isEqualTo(2);
    }
  }
}
