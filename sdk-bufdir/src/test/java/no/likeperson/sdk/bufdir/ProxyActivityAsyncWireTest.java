package no.likeperson.sdk.bufdir;

import static no.likeperson.sdk.bufdir.ProxyActivityRepositoryTest.DAY;
import static no.likeperson.sdk.bufdir.ProxyActivityRepositoryTest.JSON;
import static no.likeperson.sdk.bufdir.ProxyActivityRepositoryTest.MENTOR;
import static no.likeperson.sdk.bufdir.ProxyActivityRepositoryTest.MENTOR_2;
import static no.likeperson.sdk.bufdir.ProxyActivityRepositoryTest.row;
import static no.likeperson.sdk.bufdir.WireFixture.COORDINATOR;
import static no.likeperson.sdk.bufdir.WireFixture.ORG;
import static no.likeperson.sdk.bufdir.WireFixture.OTHER_ORG;
import static no.likeperson.sdk.bufdir.WireFixture.json;
import static no.likeperson.sdk.bufdir.WireFixture.q;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.Page;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.event.ActivityChanged;
import no.likeperson.sdk.core.event.ChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The organisation list, the async twins and the error mapping of the proxy repository on the wire:
 * the exact requests, the parsed answers, and the typed failures (a refusal keeps the server's
 * exception as its cause; an async twin fails its future with the same exception the synchronous
 * form throws).
 */
class ProxyActivityAsyncWireTest {

  static final LocalDate FROM = LocalDate.of(2026, 3, 1);
  static final LocalDate TO = LocalDate.of(2026, 3, 31);

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

  static MockResponse page(String contentRange, String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .addHeader("Content-Range", contentRange)
        .body(body)
        .build();
  }

  static MockResponse refusal(int status, String code, String message) {
    return json(status, q("{'code':'" + code + "','message':'" + message + "'}"));
  }

  /** The failure of a future, unwrapped from {@link ExecutionException}. */
  static Throwable failure(CompletableFuture<?> future) {
    ExecutionException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  static void assertListRequest(RecordedRequest r, long offset, int limit) {
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getTarget())
        .isEqualTo(
            "/rest/v1/proxy_activities?select=*&org_id=eq."
                + ORG
                + "&date=gte.2026-03-01&date=lte.2026-03-31&order=date.desc,id.asc&limit="
                + limit
                + "&offset="
                + offset);
    assertThat(r.getHeaders().get("Prefer")).contains("count=exact");
  }

  // ---- listByOrg / listByOrgAsync / listByMentorAsync ----

  @Test
  void listByOrg_filtersOrgAndPeriod_withoutAMentor_andReadsRowsAndTotal() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    server.enqueue(
        page("20-21/42", "[" + row(a, MENTOR, TO, 45) + "," + row(b, MENTOR_2, FROM, 30) + "]"));
    Page<ProxyActivity> p = proxies.listByOrg(ORG, FROM, TO, 20, 2);

    assertThat(p.rows()).extracting(ProxyActivity::id).containsExactly(a, b);
    assertThat(p.rows())
        .extracting(ProxyActivity::attributedMentorId)
        .containsExactly(MENTOR, MENTOR_2);
    assertThat(p.rows().get(1).durationMinutes()).isEqualTo(30);
    assertThat(p.total()).hasValue(42);
    RecordedRequest r = server.takeRequest();
    assertListRequest(r, 20, 2);
    assertThat(r.getTarget()).doesNotContain("attributed_mentor_id");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events).isEmpty();
  }

  @Test
  void listByOrg_acceptsTheBoundsOfItsArguments() throws Exception {
    server.enqueue(page("*/0", "[]"));
    server.enqueue(page("*/0", "[]"));
    assertThat(proxies.listByOrg(ORG, FROM, FROM, 0, 1).rows()).isEmpty();
    assertThat(server.takeRequest().getTarget())
        .contains("date=gte.2026-03-01&date=lte.2026-03-01", "limit=1&offset=0");
    assertThat(proxies.listByOrg(ORG, FROM, TO, 0, ProxyActivityRepository.MAX_PAGE).total())
        .hasValue(0);
    assertThat(server.takeRequest().getTarget()).endsWith("limit=1000&offset=0");
  }

  @Test
  void listByOrg_aServerFailure_isABufdirExceptionKeepingTheCause() {
    server.enqueue(refusal(500, "XX000", "boom"));
    assertThatThrownBy(() -> proxies.listByOrg(ORG, FROM, TO, 0, 10))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).isEmpty();
              assertThat(e.getMessage()).contains("proxy activity list");
              assertThat(e.getCause()).isInstanceOf(SupabaseServiceException.class);
              assertThat(((SupabaseServiceException) e.getCause()).statusCode()).isEqualTo(500);
            });
  }

  @Test
  void listByOrgAsync_sendsTheSameRequest_andCompletesWithThePage() throws Exception {
    UUID a = UUID.randomUUID();
    server.enqueue(page("0-0/1", "[" + row(a, MENTOR, DAY, 45) + "]"));
    Page<ProxyActivity> p = proxies.listByOrgAsync(ORG, FROM, TO, 0, 50).get(10, TimeUnit.SECONDS);
    assertThat(p.rows()).extracting(ProxyActivity::id).containsExactly(a);
    assertThat(p.total()).hasValue(1);
    assertListRequest(server.takeRequest(), 0, 50);
  }

  @Test
  void listByOrgAsync_failures_completeTheFutureExceptionally() {
    assertThat(failure(proxies.listByOrgAsync(ORG, TO, FROM, 0, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is after");
    assertThat(failure(proxies.listByOrgAsync(ORG, FROM, TO, -1, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThat(failure(proxies.listByOrgAsync(ORG, FROM, TO, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThat(failure(proxies.listByOrgAsync(ORG, FROM, TO, 0, 1001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
    assertThat(failure(proxies.listByOrgAsync(null, FROM, TO, 0, 10)))
        .isInstanceOf(NullPointerException.class);
    assertThat(failure(proxies.listByOrgAsync(OTHER_ORG, FROM, TO, 0, 10)))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(refusal(500, "XX000", "boom"));
    assertThat(failure(proxies.listByOrgAsync(ORG, FROM, TO, 0, 10)))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.getMessage()).contains("proxy activity list");
              assertThat(e.getCause()).isInstanceOf(SupabaseServiceException.class);
            });
  }

  @Test
  void listByMentorAsync_addsTheMentorFilter_andRefusesANullMentorBeforeSending() throws Exception {
    UUID a = UUID.randomUUID();
    server.enqueue(page("0-0/3", "[" + row(a, MENTOR, DAY, 45) + "]"));
    Page<ProxyActivity> p =
        proxies.listByMentorAsync(ORG, MENTOR, FROM, TO, 2, 1).get(10, TimeUnit.SECONDS);
    assertThat(p.rows()).extracting(ProxyActivity::id).containsExactly(a);
    assertThat(p.total()).hasValue(3);
    RecordedRequest r = server.takeRequest();
    assertThat(r.getTarget())
        .isEqualTo(
            "/rest/v1/proxy_activities?select=*&org_id=eq."
                + ORG
                + "&date=gte.2026-03-01&date=lte.2026-03-31&attributed_mentor_id=eq."
                + MENTOR
                + "&order=date.desc,id.asc&limit=1&offset=2");

    assertThat(failure(proxies.listByMentorAsync(ORG, null, FROM, TO, 0, 10)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("mentorId");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // ---- registerAllAsync / registerAsync ----

  @Test
  void registerAllAsync_sendsOneUpsertWithEveryRow_andCompletesInTheOrderGiven() throws Exception {
    UUID template = UUID.randomUUID();
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "gruppe", DAY, 90).withTemplate(template);
    NewProxyActivity b = a.forMentor(MENTOR_2);
    server.enqueue(
        json(201, "[" + row(b.id(), MENTOR_2, DAY, 90) + "," + row(a.id(), MENTOR, DAY, 90) + "]"));
    List<ProxyActivity> stored = proxies.registerAllAsync(List.of(a, b)).get(10, TimeUnit.SECONDS);

    assertThat(stored).extracting(ProxyActivity::id).containsExactly(a.id(), b.id());
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getTarget()).isEqualTo("/rest/v1/proxy_activities?on_conflict=id");
    assertThat(r.getHeaders().get("Prefer"))
        .contains("resolution=ignore-duplicates", "return=representation");
    JsonNode body = JSON.readTree(r.getBody().utf8());
    assertThat(body).hasSize(2);
    JsonNode first = body.get(0);
    assertThat(first.get("id").asText()).isEqualTo(a.id().toString());
    assertThat(first.get("coordinator_id").asText()).isEqualTo(COORDINATOR.toString());
    assertThat(first.get("attributed_mentor_id").asText()).isEqualTo(MENTOR.toString());
    assertThat(first.get("org_id").asText()).isEqualTo(ORG.toString());
    assertThat(first.get("activity_type").asText()).isEqualTo("gruppe");
    assertThat(first.get("date").asText()).isEqualTo("2026-03-14");
    assertThat(first.get("duration_minutes").asInt()).isEqualTo(90);
    assertThat(first.get("template_id").asText()).isEqualTo(template.toString());
    assertThat(body.get(1).get("attributed_mentor_id").asText()).isEqualTo(MENTOR_2.toString());
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events)
        .containsExactly(
            new ActivityChanged(ORG, MENTOR, COORDINATOR, DAY),
            new ActivityChanged(ORG, MENTOR_2, COORDINATOR, DAY));
  }

  @Test
  void registerAllAsync_rowsStoredEarlier_areReadByIdInASecondRequest() throws Exception {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "gruppe", DAY, 90);
    NewProxyActivity b = a.forMentor(MENTOR_2);
    // a was stored by an earlier attempt: the upsert returns only b
    server.enqueue(json(201, "[" + row(b.id(), MENTOR_2, DAY, 90) + "]"));
    server.enqueue(json("[" + row(a.id(), MENTOR, DAY, 90) + "]"));
    List<ProxyActivity> stored = proxies.registerAllAsync(List.of(a, b)).get(10, TimeUnit.SECONDS);

    assertThat(stored).extracting(ProxyActivity::id).containsExactly(a.id(), b.id());
    assertThat(server.takeRequest().getMethod()).isEqualTo("POST");
    RecordedRequest read = server.takeRequest();
    assertThat(read.getMethod()).isEqualTo("GET");
    assertThat(read.getTarget())
        .isEqualTo("/rest/v1/proxy_activities?select=*&id=in.(" + a.id() + ")");
    assertThat(events).hasSize(2);
  }

  @Test
  void registerAll_aRowNeitherInsertedNorReadable_isAnErrorAndNothingIsPublished() {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45);
    server.enqueue(json(201, "[]"));
    server.enqueue(json("[]"));
    assertThatThrownBy(() -> proxies.registerAll(List.of(a)))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.getCause())
                  .isInstanceOf(SupabaseClientException.class)
                  .hasMessageContaining("already used by a row this caller cannot read");
              assertThat(e.rule()).isEmpty();
            });
    server.enqueue(json(201, "[]"));
    server.enqueue(json("[]"));
    assertThat(failure(proxies.registerAllAsync(List.of(a))))
        .isInstanceOf(BufdirException.class)
        .hasCauseInstanceOf(SupabaseClientException.class);
    assertThat(server.getRequestCount()).isEqualTo(4);
    assertThat(events).isEmpty();
  }

  @Test
  void registerAsync_completesWithTheStoredRow() throws Exception {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45).withNotes("Ringte");
    server.enqueue(json(201, "[" + row(a.id(), MENTOR, DAY, 45) + "]"));
    ProxyActivity stored = proxies.registerAsync(a).get(10, TimeUnit.SECONDS);
    assertThat(stored.id()).isEqualTo(a.id());
    assertThat(stored.attributedMentorId()).isEqualTo(MENTOR);
    JsonNode body = JSON.readTree(server.takeRequest().getBody().utf8());
    assertThat(body).hasSize(1);
    assertThat(body.get(0).get("notes").asText()).isEqualTo("Ringte");
    assertThat(events).containsExactly(new ActivityChanged(ORG, MENTOR, COORDINATOR, DAY));
  }

  @Test
  void registerAsync_badInput_failsTheFutureBeforeSending() {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45);
    assertThat(failure(proxies.registerAsync(null))).isInstanceOf(NullPointerException.class);
    assertThat(failure(proxies.registerAllAsync(List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThat(failure(proxies.registerAllAsync(List.of(a, a))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
    assertThat(
            failure(
                proxies.registerAsync(NewProxyActivity.of(ORG, COORDINATOR, "samtale", DAY, 45))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot attribute an activity to itself");
    assertThat(server.getRequestCount()).isZero();
    assertThat(events).isEmpty();
  }

  @Test
  void registerAll_atMostMaxBatch() {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45);
    List<NewProxyActivity> tooMany = new ArrayList<>();
    for (int i = 0; i <= ProxyActivityRepository.MAX_BATCH; i++) {
      tooMany.add(a.forMentor(MENTOR));
    }
    assertThatThrownBy(() -> proxies.registerAll(tooMany))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 1000");
    assertThat(server.getRequestCount()).isZero();

    List<NewProxyActivity> full = tooMany.subList(0, ProxyActivityRepository.MAX_BATCH);
    StringBuilder rows = new StringBuilder("[");
    for (NewProxyActivity n : full) {
      rows.append(rows.length() > 1 ? "," : "").append(row(n.id(), MENTOR, DAY, 45));
    }
    server.enqueue(json(201, rows.append(']').toString()));
    assertThat(proxies.registerAll(full)).hasSize(ProxyActivityRepository.MAX_BATCH);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aTokenWhoseSubjectIsNotAUserId_cannotRegister() {
    String token =
        com.auth0
            .jwt
            .JWT
            .create()
            .withSubject("not-a-uuid")
            .withClaim("role", "authenticated")
            .withExpiresAt(java.time.Instant.now().plusSeconds(3600))
            .sign(
                com.auth0.jwt.algorithms.Algorithm.HMAC256(
                    "super-secret-jwt-token-with-at-least-32-characters"));
    try (SupabaseClient odd =
        SupabaseClient.builder()
            .url(server.url("/").toString())
            .apiKey("sb_publishable_test")
            .accessTokenProvider(no.likeperson.sdk.core.AccessTokenProvider.of(token))
            .build()) {
      assertThatThrownBy(
              () ->
                  ProxyActivityRepository.create(odd)
                      .register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
          .isInstanceOf(UnauthorisedAccessException.class)
          .hasMessageContaining("not a user id");
    }
    assertThat(server.getRequestCount()).isZero();
  }

  // ---- the error mapping, sync and async ----

  @Test
  void registerAllAsync_aRefusal_failsWithTheNamedRule_keepingTheServersException() {
    NewProxyActivity a = NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45);
    server.enqueue(refusal(400, "23514", "attributed mentor " + MENTOR + " is not a peer_mentor"));
    assertThat(failure(proxies.registerAllAsync(List.of(a))))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).contains("proxy_activities_same_org_attribution");
              assertThat(e.getMessage())
                  .startsWith("proxy registration: ")
                  .contains("must be a peer mentor");
              assertThat(e.getCause()).isInstanceOf(SupabaseServiceException.class);
              assertThat(((SupabaseServiceException) e.getCause()).serverMessage())
                  .startsWith("attributed mentor");
            });
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(events).isEmpty();
  }

  @Test
  void eachRefusal_namesItsRule() {
    String[][] cases = {
      {
        "coordinator " + COORDINATOR + " is not a coordinator",
        "proxy_activities_same_org_attribution",
        "registering user must be a coordinator"
      },
      {
        "activity type samtale is not defined",
        "proxy_activities_activity_type_org",
        "activity type code must be defined"
      },
      {
        "template x belongs to another organisation",
        "proxy_activities_template_org",
        "recurring template must belong"
      },
    };
    for (String[] c : cases) {
      server.enqueue(refusal(400, "23514", c[0]));
      assertThatThrownBy(
              () -> proxies.register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
          .as(c[0])
          .isInstanceOfSatisfying(
              BufdirException.class,
              e -> {
                assertThat(e.rule()).contains(c[1]);
                assertThat(e.getMessage()).contains(c[2]).contains("(database rule " + c[1] + ")");
                assertThat(e.getCause()).isInstanceOf(SupabaseServiceException.class);
              });
    }
  }

  @Test
  void aRefusalTheMappingDoesNotKnow_isAPlainBufdirExceptionWithoutARule() {
    // a 23514 without a known prefix or a constraint name, a 23514 without a message, another code,
    // and a failure without a code
    server.enqueue(refusal(400, "23514", "something else"));
    server.enqueue(json(400, q("{'code':'23514'}")));
    server.enqueue(refusal(409, "23505", "duplicate key value violates unique constraint"));
    server.enqueue(json(502, "bad gateway"));
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(
              () -> proxies.register(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 45)))
          .isInstanceOfSatisfying(
              BufdirException.class,
              e -> {
                assertThat(e.rule()).isEmpty();
                assertThat(e.getMessage()).contains("proxy registration");
                assertThat(e.getCause()).isInstanceOf(SupabaseServiceException.class);
              });
    }
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void wrap_namesWhatWasBeingDone() {
    SupabaseServiceException refusal =
        SupabaseServiceException.of(
            400, "23514", "template t is not of the organisation", null, null, null, null);
    BufdirException e = ProxyActivityRepository.wrap("proxy activity update").apply(refusal);
    assertThat(e.rule()).contains("proxy_activities_template_org");
    assertThat(e.getMessage()).startsWith("proxy activity update: ");
    assertThat(e.getCause()).isSameAs(refusal);
  }

  // ---- update / delete: guards and async failures ----

  @Test
  void update_ofARowInAnOrganisationTheTokenDoesNotGrant_isRefusedBeforeThePatch() {
    UUID id = UUID.randomUUID();
    String foreign = row(id, MENTOR, DAY, 45).replace(ORG.toString(), OTHER_ORG.toString());
    server.enqueue(json("[" + foreign + "]"));
    assertThatThrownBy(() -> proxies.update(id, ProxyActivityUpdate.empty().withNotes("x")))
        .isInstanceOf(UnauthorisedAccessException.class);
    server.enqueue(json("[" + foreign + "]"));
    assertThat(failure(proxies.updateAsync(id, ProxyActivityUpdate.empty().withNotes("x"))))
        .isInstanceOf(UnauthorisedAccessException.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(events).isEmpty();
  }

  @Test
  void updateAsync_ofARowThatIsNotTheCallers_isEmpty_andARefusedPatchNamesTheRule()
      throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(json("[]"));
    assertThat(
            proxies
                .updateAsync(id, ProxyActivityUpdate.empty().withNotes("x"))
                .get(10, TimeUnit.SECONDS))
        .isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);

    server.enqueue(json("[" + row(id, MENTOR, DAY, 45) + "]"));
    server.enqueue(refusal(400, "23514", "activity type nope is not defined"));
    assertThat(
            failure(proxies.updateAsync(id, ProxyActivityUpdate.empty().withActivityType("nope"))))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).contains("proxy_activities_activity_type_org");
              assertThat(e.getMessage()).startsWith("proxy activity update: ");
            });
    server.takeRequest();
    server.takeRequest();
    RecordedRequest patch = server.takeRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(JSON.readTree(patch.getBody().utf8()))
        .isEqualTo(JSON.readTree(q("{'activity_type':'nope'}")));
    assertThat(events).isEmpty();
  }

  @Test
  void deleteAsync_sendsTheDelete_publishes_andFailsWithTheModulesException() throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(json("[" + row(id, MENTOR, DAY, 45) + "]"));
    assertThat(proxies.deleteAsync(id).get(10, TimeUnit.SECONDS)).isTrue();
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("DELETE");
    assertThat(r.getTarget())
        .isEqualTo("/rest/v1/proxy_activities?id=eq." + id + "&coordinator_id=eq." + COORDINATOR);
    assertThat(events).containsExactly(new ActivityChanged(ORG, MENTOR, COORDINATOR, DAY));

    assertThat(failure(proxies.deleteAsync(null))).isInstanceOf(NullPointerException.class);
    server.enqueue(refusal(403, "42501", "permission denied"));
    assertThat(failure(proxies.deleteAsync(id)))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.rule()).contains("proxy_activities_insert");
              assertThat(e.getMessage()).startsWith("proxy activity delete: ");
            });
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(events).hasSize(1);
  }

  // ---- audit ----

  @Test
  void auditTrailAsync_sendsTheOrderedQuery_andParsesTheEntries() throws Exception {
    UUID id = UUID.randomUUID();
    UUID entry = UUID.randomUUID();
    server.enqueue(
        json(
            q(
                    "[{'id':'"
                        + entry
                        + "','proxy_activity_id':'"
                        + id
                        + "','org_id':'"
                        + ORG
                        + "','action':'delete','actor_id':'"
                        + COORDINATOR
                        + "','actor_role':'authenticated','row_data':")
                + row(id, MENTOR, DAY, 45)
                + q(",'changed_at':'2026-03-14T12:00:00+00:00'}]")));
    List<ProxyAuditEntry> trail = proxies.auditTrailAsync(id).get(10, TimeUnit.SECONDS);
    assertThat(trail).hasSize(1);
    ProxyAuditEntry e = trail.get(0);
    assertThat(e.id()).isEqualTo(entry);
    assertThat(e.action()).isEqualTo(ProxyAuditEntry.Action.DELETE);
    assertThat(e.actorRole()).isEqualTo("authenticated");
    assertThat(e.row().id()).isEqualTo(id);
    assertThat(e.changedAt()).isEqualTo(java.time.OffsetDateTime.parse("2026-03-14T12:00:00Z"));
    RecordedRequest r = server.takeRequest();
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getTarget())
        .isEqualTo(
            "/rest/v1/proxy_audit_log?select=*&proxy_activity_id=eq."
                + id
                + "&order=changed_at.asc,id.asc");
  }

  @Test
  void auditTrail_failures_areTyped_syncAndAsync() {
    assertThatThrownBy(() -> proxies.auditTrail(null)).isInstanceOf(NullPointerException.class);
    assertThat(failure(proxies.auditTrailAsync(null))).isInstanceOf(NullPointerException.class);
    assertThat(server.getRequestCount()).isZero();

    server.enqueue(refusal(500, "XX000", "boom"));
    assertThat(failure(proxies.auditTrailAsync(UUID.randomUUID())))
        .isInstanceOfSatisfying(
            BufdirException.class,
            e -> {
              assertThat(e.getMessage()).contains("proxy audit trail");
              assertThat(e.getCause()).isInstanceOf(SupabaseServiceException.class);
            });
    server.enqueue(refusal(500, "XX000", "boom"));
    assertThatThrownBy(() -> proxies.auditTrail(UUID.randomUUID()))
        .isInstanceOf(BufdirException.class)
        .hasCauseInstanceOf(SupabaseServiceException.class);
  }

  @Test
  void anAuditAction_writesItsWireValue() throws Exception {
    assertThat(JSON.writeValueAsString(ProxyAuditEntry.Action.UPDATE)).isEqualTo("\"update\"");
    assertThat(ProxyAuditEntry.Action.fromWire("insert")).isEqualTo(ProxyAuditEntry.Action.INSERT);
  }

  @Test
  void delete_ofARowThatIsNotTheCallers_isFalse_andPublishesNothing() throws Exception {
    UUID id = UUID.randomUUID();
    server.enqueue(json("[]"));
    assertThat(proxies.delete(id)).isFalse();
    assertThat(server.takeRequest().getMethod()).isEqualTo("DELETE");
    assertThat(events).isEmpty();
  }

  @Test
  void theShortestDuration_isOneMinute() {
    assertThat(NewProxyActivity.of(ORG, MENTOR, "samtale", DAY, 1).durationMinutes()).isEqualTo(1);
    assertThat(ProxyActivityUpdate.empty().withDurationMinutes(1).durationMinutes()).isEqualTo(1);
    assertThatThrownBy(() -> ProxyActivityUpdate.empty().withDurationMinutes(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_namesTheClient() {
    assertThat(proxies.toString()).isEqualTo("ProxyActivityRepository{" + client + "}");
  }
}
