package no.likeperson.sdk.bufdir;

import static no.likeperson.sdk.bufdir.WireFixture.COORDINATOR;
import static no.likeperson.sdk.bufdir.WireFixture.ORG;
import static no.likeperson.sdk.bufdir.WireFixture.OTHER_ORG;
import static no.likeperson.sdk.bufdir.WireFixture.json;
import static no.likeperson.sdk.bufdir.WireFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.Page;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.sdk.core.event.ChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact requests of the proxy repository, its refusals before sending, and its mapping. */
class ProxyActivityRepositoryTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final UUID MENTOR = UUID.fromString("30000000-0000-4000-8000-000000000001");
  static final UUID MENTOR_2 = UUID.fromString("30000000-0000-4000-8000-000000000002");
  static final LocalDate DAY = LocalDate.of(2026, 3, 14);

  @StartStop final MockWebServer server = new MockWebServer();

  SupabaseClient client;
  ProxyActivityRepository proxies;
  final List<ChangeEvent> events = new ArrayList<>();

  @BeforeEach
  void setUp() {
    client = WireFixture.client(server);
    proxies = ProxyActivityRepository.create(client);
    client.changeEvents().subscribe(events::add);
  }

  @AfterEach
  void tearDown() {
    client.close();
  }

  static String row(UUID id, UUID mentor, LocalDate date, int minutes) {
    return q(
        "{'id':'"
            + id
            + "','org_id':'"
            + ORG
            + "','coordinator_id':'"
            + COORDINATOR
            + "','attributed_mentor_id':'"
            + mentor
            + "','activity_type':'samtale','activity_type_id':"
            + "'00000000-0000-4000-8000-0000000000f1','date':'"
            + date
            + "','duration_minutes':"
            + minutes
            + ",'notes':null,'is_recurring':false,'template_id':null,'created_at':'2026-03-14T10:00:00+00:00',"
            + "'updated_at':'2026-03-14T10:00:00+00:00','activity_month':'2026-03-01'}");
  }

  // ---- register ----

  @Test
  void register_sendsAnIgnoreDuplicatesUpsertWithTheClientsId_andPublishesTheChange()
      throws Exception {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45).withNotes("Ringte");
    server.enqueue(json(201, "[" + row(a.id(), MENTOR, DAY, 45) + "]"));
    ProxyActivity stored = proxies.register(a);

    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/proxy_activities?on_conflict=id");
    assertThat(r.getHeaders().get("Prefer"))
        .contains("resolution=ignore-duplicates", "return=representation");
    JsonNode body = JSON.readTree(r.getBody().utf8());
    assertThat(body.isArray()).isTrue();
    assertThat(body.get(0).get("id").asText()).isEqualTo(a.id().toString());
    assertThat(body.get(0).get("coordinator_id").asText()).isEqualTo(COORDINATOR.toString());
    assertThat(body.get(0).get("attributed_mentor_id").asText()).isEqualTo(MENTOR.toString());
    assertThat(body.get(0).get("date").asText()).isEqualTo("2026-03-14");
    assertThat(body.get(0).get("notes").asText()).isEqualTo("Ringte");
    assertThat(stored.id()).isEqualTo(a.id());
    assertThat(stored.activityTypeId()).isNotNull();
    assertThat(events).containsExactly(new ActivityChanged(ORG, MENTOR, COORDINATOR, DAY));
  }

  @Test
  void register_retriedAfterALostResponse_sendsTheSameId_andReadsTheRowTheFirstAttemptStored()
      throws Exception {
    try (SupabaseClient retrying = WireFixture.retryingClient(server)) {
      NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45);
      // 1: the request arrives, the response is lost; 2: the replay is ignored as a duplicate;
      // 3: the stored row is read by id
      server.enqueue(
          new MockResponse.Builder()
              .code(201)
              .body("[" + row(a.id(), MENTOR, DAY, 45) + "]")
              .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
              .build());
      server.enqueue(json(201, "[]"));
      server.enqueue(json("[" + row(a.id(), MENTOR, DAY, 45) + "]"));
      ProxyActivity stored = ProxyActivityRepository.create(retrying).register(a);

      RecordedRequest first = server.takeRequest();
      RecordedRequest replay = server.takeRequest();
      RecordedRequest read = server.takeRequest();
      assertThat(replay.getBody().utf8()).isEqualTo(first.getBody().utf8());
      assertThat(replay.getHeaders().get("Prefer")).contains("resolution=ignore-duplicates");
      assertThat(read.getMethod()).isEqualTo("GET");
      assertThat(read.getTarget()).contains("id=in.(" + a.id() + ")");
      assertThat(stored.id()).isEqualTo(a.id());
    }
  }

  @Test
  void registerAll_isOneRequestWithEveryRow_inTheOrderGiven() throws Exception {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "gruppe", DAY, 90);
    NewProxyActivity b = a.forMentor(MENTOR_2);
    server.enqueue(
        json(201, "[" + row(b.id(), MENTOR_2, DAY, 90) + "," + row(a.id(), MENTOR, DAY, 90) + "]"));
    List<ProxyActivity> stored = proxies.registerAll(List.of(a, b));
    assertThat(stored).extracting(ProxyActivity::id).containsExactly(a.id(), b.id());
    assertThat(JSON.readTree(server.takeRequest().getBody().utf8())).hasSize(2);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events).hasSize(2);
  }

  @Test
  void selfAttribution_isRefusedBeforeSending() {
    assertThatThrownBy(
            () -> proxies.register(NewProxyActivity.of(ORG, COORDINATOR, "samtale", DAY, 45)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot attribute an activity to itself");
    assertThatThrownBy(
            () ->
                proxies.registerAll(
                    List.of(
                        NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45),
                        NewProxyActivity.of(ORG, COORDINATOR, "samtale", DAY, 45))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void badBatches_areRefusedBeforeSending() {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45);
    assertThatThrownBy(() -> proxies.registerAll(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proxies.registerAll(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> proxies.registerAll(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> proxies.register(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NewProxyActivity.of(ORG, MENTOR, " ", DAY, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void anotherOrganisation_isRefusedByTheGuard_beforeSending() {
    assertThatThrownBy(
            () -> proxies.register(NewProxyActivity.of(OTHER_ORG, MENTOR, "samtale", DAY, 45)))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(() -> proxies.listByOrg(OTHER_ORG, DAY, DAY, 0, 10))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThatThrownBy(
            () ->
                proxies
                    .registerAsync(NewProxyActivity.of(OTHER_ORG, MENTOR, "samtale", DAY, 45))
                    .get())
        .hasCauseInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aTokenWithoutAUser_cannotRegister() {
    try (SupabaseClient service =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey("sb_secret_service")
            .build()) {
      assertThatThrownBy(
              () ->
                  ProxyActivityRepository.create(service)
                      .register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessageContaining("coordinator's own token");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void aMentorWhoIsNotAPeerMentorOfTheOrganisation_isAnErrorNamingTheRule_andNothingIsPublished() {
    server.enqueue(
        json(
            400,
            q(
                "{'code':'23514','message':'attributed mentor "
                    + MENTOR
                    + " is not a peer_mentor of organisation "
                    + ORG
                    + "','details':null,'hint':null}")));
    assertThatThrownBy(() -> proxies.register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).contains("proxy_activities_same_org_attribution");
              assertThat(e.getMessage())
                  .contains("must be a peer mentor of the activity's organisation")
                  .contains("proxy_activities_same_org_attribution");
              assertThat(e.code()).contains("23514");
            });
    assertThat(events).isEmpty();
  }

  @Test
  void aCheckConstraint_isNamedAsTheRule() {
    server.enqueue(
        json(
            400,
            "{\"code\":\"23514\",\"message\":\"new row for relation \\\"proxy_activities\\\""
                + " violates check constraint \\\"proxy_activities_date_check\\\"\"}"));
    assertThatThrownBy(() -> proxies.register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> assertThat(e.rule()).contains("proxy_activities_date_check"));
  }

  @Test
  void anRlsRefusal_isNamedAsTheInsertRule() {
    server.enqueue(
        json(
            403,
            q(
                "{'code':'42501','message':'new row violates row-level security policy for table "
                    + "proxy_activities'}")));
    assertThatThrownBy(() -> proxies.register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).contains("proxy_activities_insert");
              assertThat(e.isRetryable()).isFalse();
            });
  }

  // ---- list ----

  @Test
  void listByMentor_filtersOrgMentorAndPeriod_newestFirst_andReadsTheTotal() throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("Content-Range", "0-0/7")
            .body("[" + row(id, MENTOR, DAY, 45) + "]")
            .build());
    Page<ProxyActivity> page =
        proxies.listByMentor(
            ORG, MENTOR, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 0, 1);
    assertThat(page.rows()).extracting(ProxyActivity::id).containsExactly(id);
    assertThat(page.total()).hasValue(7);
    String target = server.takeRequest().getTarget();
    assertThat(target)
        .startsWith("/rest/v1/proxy_activities?")
        .contains(
            "org_id=eq." + ORG,
            "attributed_mentor_id=eq." + MENTOR,
            "date=gte.2026-03-01",
            "date=lte.2026-03-31",
            "order=date.desc,id.asc",
            "limit=1",
            "offset=0");
  }

  @Test
  void list_badArguments_areRefusedBeforeSending() {
    assertThatThrownBy(() -> proxies.listByOrg(ORG, DAY, DAY.minusDays(1), 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proxies.listByOrg(ORG, DAY, DAY, -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proxies.listByOrg(ORG, DAY, DAY, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proxies.listByOrg(ORG, DAY, DAY, 0, 1001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> proxies.listByMentor(ORG, null, DAY, DAY, 0, 10))
        .isInstanceOf(NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- update / delete ----

  @Test
  void update_readsTheOwnRow_patchesIt_andPublishesOldAndNew() throws Exception {
    UUID id = UUID.randomUUID();
    LocalDate newDay = DAY.plusDays(40);
    server.enqueue(json("[" + row(id, MENTOR, DAY, 45) + "]"));
    server.enqueue(json("[" + row(id, MENTOR, newDay, 60) + "]"));
    ProxyActivity updated =
        proxies
            .update(id, ProxyActivityUpdate.empty().withDate(newDay).withDurationMinutes(60))
            .orElseThrow();
    assertThat(updated.date()).isEqualTo(newDay);
    RecordedRequest read = server.takeRequest();
    assertThat(read.getMethod()).isEqualTo("GET");
    assertThat(read.getTarget()).contains("id=eq." + id, "coordinator_id=eq." + COORDINATOR);
    RecordedRequest patch = server.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getTarget()).contains("id=eq." + id, "coordinator_id=eq." + COORDINATOR);
    assertThat(JSON.readTree(patch.getBody().utf8()))
        .isEqualTo(JSON.readTree(q("{'date':'" + newDay + "','duration_minutes':60}")));
    assertThat(events)
        .containsExactly(
            new ActivityChanged(ORG, MENTOR, COORDINATOR, DAY),
            new ActivityChanged(ORG, MENTOR, COORDINATOR, newDay));
  }

  @Test
  void updateAsync_sendsTheSameTwoRequests_andPublishesOldAndNew() throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(json("[" + row(id, MENTOR, DAY, 45) + "]"));
    server.enqueue(json("[" + row(id, MENTOR_2, DAY, 45) + "]"));
    assertThat(proxies.updateAsync(id, ProxyActivityUpdate.empty().withNotes("x")).get())
        .isPresent();
    assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
    assertThat(server.takeRequest().getMethod()).isEqualTo("PATCH");
    assertThat(events).hasSize(2);
    assertThatThrownBy(() -> proxies.updateAsync(id, ProxyActivityUpdate.empty()).get())
        .hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void update_ofARowThatIsNotTheCallers_isEmpty_andSendsNoPatch() {
    server.enqueue(json("[]"));
    assertThat(proxies.update(UUID.randomUUID(), ProxyActivityUpdate.empty().withNotes("x")))
        .isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events).isEmpty();
  }

  @Test
  void update_withNoChanges_isRefusedBeforeSending() {
    assertThatThrownBy(() -> proxies.update(UUID.randomUUID(), ProxyActivityUpdate.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void delete_isOneRequestLimitedToTheCallersRow_andPublishes() throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(json("[" + row(id, MENTOR, DAY, 45) + "]"));
    server.enqueue(json("[]"));
    assertThat(proxies.delete(id)).isTrue();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("DELETE");
    assertThat(r.getTarget()).contains("id=eq." + id, "coordinator_id=eq." + COORDINATOR);
    assertThat(events).containsExactly(new ActivityChanged(ORG, MENTOR, COORDINATOR, DAY));
    assertThat(proxies.deleteAsync(id).get()).isFalse();
    assertThat(events).hasSize(1);
  }

  // ---- audit ----

  @Test
  void auditTrail_isMappedIntoTypedEntries_oldestFirst() throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(
        json(
            q(
                    "[{'id':'"
                        + UUID.randomUUID()
                        + "','proxy_activity_id':'"
                        + id
                        + "','org_id':'"
                        + ORG
                        + "','action':'insert','actor_id':'"
                        + COORDINATOR
                        + "','actor_role':'authenticated','coordinator_id':'"
                        + COORDINATOR
                        + "','attributed_mentor_id':'"
                        + MENTOR
                        + "','row_data':")
                + row(id, MENTOR, DAY, 45)
                + q(
                    ",'changed_at':'2026-03-14T10:00:00.123+00:00'},{'id':'"
                        + UUID.randomUUID()
                        + "','proxy_activity_id':'"
                        + id
                        + "','org_id':'"
                        + ORG
                        + "','action':'update','actor_id':'"
                        + COORDINATOR
                        + "','actor_role':"
                        + "'authenticated','row_data':")
                + row(id, MENTOR, DAY, 60)
                + q(",'changed_at':'2026-03-14T11:00:00+00:00'}]")));
    List<ProxyAuditEntry> trail = proxies.auditTrail(id);
    assertThat(trail)
        .extracting(ProxyAuditEntry::action)
        .containsExactly(ProxyAuditEntry.Action.INSERT, ProxyAuditEntry.Action.UPDATE);
    assertThat(trail.get(1).row().durationMinutes()).isEqualTo(60);
    assertThat(trail.get(0).actorId()).isEqualTo(COORDINATOR);
    assertThat(server.takeRequest().getTarget())
        .contains("proxy_audit_log?", "proxy_activity_id=eq." + id, "order=changed_at.asc,id.asc");
  }
}
