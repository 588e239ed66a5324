package no.likeperson.supabase;

import static no.likeperson.supabase.SeedData.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code aggregate_activities_for_org} (card 001) equals an independent Java computation over the
 * same rows ({@link BufdirExpectation}), on the seed and on generated scale data, called as the
 * role a client would use; plus the rules the card spells out and every refusal.
 */
class AggregateActivitiesTest {

  private static final String CALL = "select public.aggregate_activities_for_org(?, ?, ?, ?)::text";

  /** The set-returning form the SDK calls (PostgREST sends it without parsing it again). */
  private static final String SET_CALL = "select d::text from public.bufdir_payload(?, ?, ?, ?) d";

  static JsonNode call(PgSession s, UUID org, LocalDate start, LocalDate end, String scope)
      throws SQLException {
    return BufdirExpectation.parse(
        (String)
            s.scalar(
                CALL,
                org,
                BufdirExpectation.sqlDate(start),
                BufdirExpectation.sqlDate(end),
                scope));
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnTheSeed {

    private LocalDatabase db;
    private BufdirExpectation expect;

    @BeforeAll
    void load() throws SQLException {
      db = SharedDatabase.seeded();
      expect = BufdirExpectation.load(db);
    }

    Stream<Arguments> cases() {
      List<Arguments> out = new ArrayList<>();
      LocalDate[][] periods = {
        {ACTIVITY_YEAR_START, ACTIVITY_YEAR_END},
        {LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31)},
        {LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1)}, // both boundaries hold activities
        {LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 14)}, // nothing inside
        {LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 15)}, // one day, null durations
        {LocalDate.of(2025, 6, 1), LocalDate.of(2026, 4, 30)},
      };
      for (LocalDate[] p : periods) {
        out.add(Arguments.of(ADMIN_NATIONAL, ORG_NATIONAL, "national", p[0], p[1]));
        out.add(Arguments.of(ADMIN_NATIONAL, ORG_REGION_OST, "region", p[0], p[1]));
        out.add(Arguments.of(ADMIN_OST, ORG_REGION_OST, "region", p[0], p[1]));
        out.add(Arguments.of(ADMIN_OST, ORG_BAERUM, "chapter", p[0], p[1]));
        out.add(Arguments.of(COORD_OSLO, ORG_OSLO, "chapter", p[0], p[1]));
        out.add(Arguments.of(COORD_BAERUM, ORG_BAERUM, "chapter", p[0], p[1]));
        out.add(Arguments.of(ADMIN_BLIND, ORG_BLIND, "national", p[0], p[1]));
        out.add(Arguments.of(COORD_TRONDHEIM, ORG_TRONDHEIM, "chapter", p[0], p[1]));
      }
      return out.stream();
    }

    @ParameterizedTest(name = "{2} {1} {3}..{4} as {0}")
    @MethodSource("cases")
    void aggregate_equalsIndependentComputation(
        UUID caller, UUID org, String scope, LocalDate start, LocalDate end) throws SQLException {
      try (PgSession s = PgSession.user(db, caller)) {
        assertThat(call(s, org, start, end, scope))
            .isEqualTo(expect.expected(org, start, end, scope));
      }
    }

    @Test
    void multiChapterMentor_isCountedOnceInARegion_withBothChaptersSummed() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        JsonNode region = call(s, ORG_REGION_OST, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "region");
        JsonNode oslo = call(s, ORG_OSLO, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "chapter");
        JsonNode baerum = call(s, ORG_BAERUM, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "chapter");
        List<JsonNode> multi = new ArrayList<>();
        region
            .get("peer_mentor_records")
            .forEach(
                r -> {
                  if (r.get("peer_mentor_id").asText().equals(MENTOR_MULTI.toString())) {
                    multi.add(r);
                  }
                });
        assertThat(multi).hasSize(1);
        assertThat(multi.get(0).get("activity_count").asLong())
            .isEqualTo(count(oslo, MENTOR_MULTI) + count(baerum, MENTOR_MULTI));
        // Øst has mentor.oslo, mentor.multi, mentor.baerum, mentor.inactive: 4 persons, not 5
        // memberships
        assertThat(region.get("totals").get("peer_mentor_count").asInt()).isEqualTo(4);
        assertThat(
                oslo.get("totals").get("peer_mentor_count").asInt()
                    + baerum.get("totals").get("peer_mentor_count").asInt())
            .isEqualTo(5);
      }
    }

    @Test
    void multiChapterMentor_isListedWithBothChapters_inARegion_andNeverInAChapter()
        throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        JsonNode region = call(s, ORG_REGION_OST, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "region");
        List<String> listed = new ArrayList<>();
        region
            .get("multi_chapter_mentors")
            .forEach(m -> listed.add(m.get("peer_mentor_id").asText()));
        assertThat(listed).contains(MENTOR_MULTI.toString()).doesNotHaveDuplicates();
        JsonNode multi =
            region.get("multi_chapter_mentors").get(listed.indexOf(MENTOR_MULTI.toString()));
        List<String> orgs = new ArrayList<>();
        multi.get("organisation_ids").forEach(o -> orgs.add(o.asText()));
        assertThat(orgs).containsExactlyInAnyOrder(ORG_OSLO.toString(), ORG_BAERUM.toString());
        assertThat(
                call(s, ORG_OSLO, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "chapter")
                    .get("multi_chapter_mentors"))
            .isEmpty();
      }
    }

    @Test
    void document_listsTheSummaryBeforeTheRecords_soThatClientsCanStreamIt() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        String text =
            (String)
                s.scalar(
                    CALL,
                    ORG_NATIONAL,
                    BufdirExpectation.sqlDate(ACTIVITY_YEAR_START),
                    BufdirExpectation.sqlDate(ACTIVITY_YEAR_END),
                    "national");
        List<String> keys = new ArrayList<>();
        BufdirExpectation.parse(text).fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
            .containsExactly(
                "organisation_id",
                "scope",
                "period_start",
                "period_end",
                "totals",
                "activity_types",
                "multi_chapter_mentors",
                "peer_mentor_records");
      }
    }

    private long count(JsonNode payload, UUID mentor) {
      for (JsonNode r : payload.get("peer_mentor_records")) {
        if (r.get("peer_mentor_id").asText().equals(mentor.toString())) {
          return r.get("activity_count").asLong();
        }
      }
      return 0;
    }

    @Test
    void proxyActivities_areAttributedToTheMentor_asOneSessionEach() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_BERGEN)) {
        // 2026-01-10: only the proxy talk registered by coord.bergen for mentor.bergen
        JsonNode p =
            call(s, ORG_BERGEN, LocalDate.of(2026, 1, 10), LocalDate.of(2026, 1, 10), "chapter");
        assertThat(p.get("peer_mentor_records")).hasSize(1);
        JsonNode r = p.get("peer_mentor_records").get(0);
        assertThat(r.get("peer_mentor_id").asText()).isEqualTo(MENTOR_BERGEN.toString());
        assertThat(r.get("session_count").asInt()).isEqualTo(1);
        assertThat(r.get("duration_minutes").asInt()).isEqualTo(45);
        // the group refers to the dictionary by id; the dictionary holds the code once
        String typeId = r.get("activity_types").get(0).get("type").asText();
        assertThat(p.get("activity_types")).hasSize(1);
        assertThat(p.get("activity_types").get(0).get("id").asText()).isEqualTo(typeId);
        assertThat(p.get("activity_types").get(0).get("code").asText()).isEqualTo("samtale");
        assertThat(r.get("activity_types").get(0).has("code")).isFalse();
        assertThat(r.get("proxy_activity_count").asInt()).isEqualTo(1);
        assertThat(p.get("totals").get("proxy_activity_count").asInt()).isEqualTo(1);
      }
    }

    @Test
    void nullDurations_countAsZeroMinutes_butTheirSessionsCount() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_BERGEN)) {
        // 2026-03-15: the group with unknown duration, 2 sessions
        JsonNode p =
            call(s, ORG_BERGEN, LocalDate.of(2026, 3, 15), LocalDate.of(2026, 3, 15), "chapter");
        JsonNode r = p.get("peer_mentor_records").get(0);
        assertThat(r.get("duration_minutes").asInt()).isZero();
        assertThat(r.get("session_count").asInt()).isEqualTo(2);
        assertThat(r.get("activity_count").asInt()).isEqualTo(1);
        assertThat(r.get("activities_without_duration").asInt()).isEqualTo(1);
        assertThat(p.get("totals").get("activities_without_duration").asInt()).isEqualTo(1);
      }
    }

    @Test
    void periodBoundaries_areInclusive() throws SQLException {
      try (PgSession s = PgSession.user(db, COORD_BERGEN)) {
        // talk on 2026-03-01, course on 2026-02-28: a one-day period on each boundary finds it
        assertThat(
                call(s, ORG_BERGEN, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 1), "chapter")
                    .get("totals")
                    .get("activity_count")
                    .asInt())
            .isEqualTo(1);
        assertThat(
                call(s, ORG_BERGEN, LocalDate.of(2026, 2, 28), LocalDate.of(2026, 2, 28), "chapter")
                    .get("totals")
                    .get("activity_count")
                    .asInt())
            .isEqualTo(1);
        assertThat(
                call(s, ORG_BERGEN, LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1), "chapter")
                    .get("totals")
                    .get("activity_count")
                    .asInt())
            .isEqualTo(2);
      }
    }

    @Test
    void emptyPeriod_returnsAnEmptyRecordListAndZeroTotals() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        JsonNode p =
            call(s, ORG_NATIONAL, LocalDate.of(2030, 1, 1), LocalDate.of(2030, 12, 31), "national");
        assertThat(p.get("peer_mentor_records").isArray()).isTrue();
        assertThat(p.get("peer_mentor_records")).isEmpty();
        assertThat(p.get("totals").get("activity_count").asInt()).isZero();
        assertThat(p.get("totals").get("peer_mentor_count").asInt()).isZero();
        assertThat(p.get("organisation_id").asText()).isEqualTo(ORG_NATIONAL.toString());
      }
    }

    @Test
    void chapterScope_ofARegion_countsOnlyRowsRegisteredOnTheRegionItself() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_OST)) {
        JsonNode p = call(s, ORG_REGION_OST, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "chapter");
        assertThat(p.get("peer_mentor_records")).isEmpty();
      }
    }

    @Test
    void serviceRole_mayAggregateAnyOrganisation() throws SQLException {
      try (PgSession s = PgSession.serviceRole(db)) {
        assertThat(call(s, ORG_BLIND, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "national"))
            .isEqualTo(
                expect.expected(ORG_BLIND, ACTIVITY_YEAR_START, ACTIVITY_YEAR_END, "national"));
      }
    }

    Stream<Arguments> forbidden() {
      return Stream.of(
          Arguments.of(ADMIN_OST, ORG_BERGEN, "chapter"), // outside the admin's subtree
          Arguments.of(ADMIN_OST, ORG_NATIONAL, "national"), // above the admin's subtree
          Arguments.of(ADMIN_BLIND, ORG_NATIONAL, "national"), // another organisation
          Arguments.of(COORD_OSLO, ORG_REGION_OST, "region"), // coordinator of a chapter only
          Arguments.of(COORD_OSLO, ORG_BAERUM, "chapter"),
          Arguments.of(COORD_TRONDHEIM, ORG_OSLO, "chapter"),
          Arguments.of(MENTOR_OSLO, ORG_OSLO, "chapter"), // peer mentors do not report
          Arguments.of(MENTOR_MULTI, ORG_BAERUM, "chapter"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("forbidden")
    void aggregate_outsideTheCallersScope_isRefused(UUID caller, UUID org, String scope)
        throws SQLException {
      try (PgSession s = PgSession.user(db, caller)) {
        PgSession.Outcome o =
            s.attempt(
                CALL,
                org,
                BufdirExpectation.sqlDate(ACTIVITY_YEAR_START),
                BufdirExpectation.sqlDate(ACTIVITY_YEAR_END),
                scope);
        assertThat(o.sqlState()).isEqualTo("42501");
      }
    }

    @Test
    void anon_cannotExecuteTheFunction() throws SQLException {
      try (PgSession s = PgSession.anon(db)) {
        PgSession.Outcome o =
            s.attempt(
                CALL,
                ORG_OSLO,
                BufdirExpectation.sqlDate(ACTIVITY_YEAR_START),
                BufdirExpectation.sqlDate(ACTIVITY_YEAR_END),
                "chapter");
        assertThat(o.sqlState()).isEqualTo("42501");
      }
    }

    @ParameterizedTest(name = "{2} {1} {3}..{4} as {0}")
    @MethodSource("cases")
    void bufdirPayload_isTheSameDocument_asASetOfOneRow(
        UUID caller, UUID org, String scope, LocalDate start, LocalDate end) throws SQLException {
      try (PgSession s = PgSession.user(db, caller)) {
        Object[] args = {
          org, BufdirExpectation.sqlDate(start), BufdirExpectation.sqlDate(end), scope
        };
        List<Object> rows = s.column(SET_CALL, args);
        assertThat(rows).hasSize(1);
        // byte for byte: the SDK reads the set form, other clients the scalar one
        assertThat(rows.get(0)).isEqualTo(s.scalar(CALL, args));
      }
    }

    @Test
    void bufdirPayload_refusesAsTheScalarFormDoes() throws SQLException {
      java.sql.Date start = BufdirExpectation.sqlDate(ACTIVITY_YEAR_START);
      java.sql.Date end = BufdirExpectation.sqlDate(ACTIVITY_YEAR_END);
      try (PgSession s = PgSession.anon(db)) {
        assertThat(s.attempt(SET_CALL, ORG_OSLO, start, end, "chapter").sqlState())
            .isEqualTo("42501");
      }
      try (PgSession s = PgSession.user(db, COORD_OSLO)) {
        // another organisation: the staff check, nothing returned
        assertThat(s.attempt(SET_CALL, ORG_TRONDHEIM, start, end, "chapter").sqlState())
            .isEqualTo("42501");
        assertThat(s.attempt(SET_CALL, ORG_OSLO, start, end, "galaxy").sqlState())
            .isEqualTo("22023");
        assertThat(s.attempt(SET_CALL, ORG_OSLO, end, start, "chapter").sqlState())
            .isEqualTo("22023");
        assertThat(s.attempt(SET_CALL, null, start, end, "chapter").sqlState()).isEqualTo("22004");
      }
    }

    @Test
    void invalidArguments_areRefusedWithTypedErrors() throws SQLException {
      try (PgSession s = PgSession.user(db, ADMIN_NATIONAL)) {
        java.sql.Date start = BufdirExpectation.sqlDate(ACTIVITY_YEAR_START);
        java.sql.Date end = BufdirExpectation.sqlDate(ACTIVITY_YEAR_END);
        assertThat(s.attempt(CALL, ORG_NATIONAL, start, end, "galaxy").sqlState())
            .isEqualTo("22023");
        assertThat(s.attempt(CALL, ORG_NATIONAL, start, end, "Chapter").sqlState())
            .isEqualTo("22023");
        assertThat(s.attempt(CALL, ORG_NATIONAL, end, start, "national").sqlState())
            .isEqualTo("22023");
        assertThat(
                s.attempt(
                        "select public.aggregate_activities_for_org(null, ?, ?, 'national')",
                        start,
                        end)
                    .sqlState())
            .isEqualTo("22004");
        assertThat(
                s.attempt(
                        "select public.aggregate_activities_for_org(?, null, ?, 'national')",
                        ORG_NATIONAL,
                        end)
                    .sqlState())
            .isEqualTo("22004");
        assertThat(
                s.attempt(
                        "select public.aggregate_activities_for_org(?, ?, ?, null)",
                        ORG_NATIONAL,
                        start,
                        end)
                    .sqlState())
            .isEqualTo("22004");
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnScaleData {

    private LocalDatabase db;
    private BufdirExpectation expect;
    private UUID root;
    private UUID rootAdmin;

    @BeforeAll
    void load() throws SQLException {
      db = SharedScaleDatabase.get();
      expect = BufdirExpectation.load(db);
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        root =
            (UUID)
                tx.scalar("select app_scale.root_org_id(?)", SharedScaleDatabase.options().seed());
        rootAdmin =
            (UUID)
                tx.scalar(
                    "select user_id from public.org_memberships where org_id = ? and role = 'org_admin'"
                        + " limit 1",
                    root);
      }
    }

    @Test
    void nationalYear_asTheRootAdmin_equalsIndependentComputation() throws SQLException {
      LocalDate start = LocalDate.of(2026, 1, 1);
      LocalDate end = LocalDate.of(2026, 12, 31);
      try (PgSession s = PgSession.user(db, rootAdmin)) {
        JsonNode actual = call(s, root, start, end, "national");
        assertThat(actual.get("peer_mentor_records").size()).isGreaterThan(100);
        assertThat(actual).isEqualTo(expect.expected(root, start, end, "national"));
      }
    }

    @Test
    void everyChapterOfADistrict_andTheDistrict_equalIndependentComputation() throws SQLException {
      LocalDate start = LocalDate.of(2025, 3, 1);
      LocalDate end = LocalDate.of(2025, 8, 31);
      UUID district;
      List<Object> chapters;
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        district =
            (UUID)
                tx.scalar(
                    "select o.id from public.organisations o join public.organisation_closure c"
                        + " on c.descendant_id = o.id where c.ancestor_id = ? and o.level = 3 order by o.id limit 1",
                    root);
        chapters =
            tx
                .query(
                    "select id from public.organisations where parent_id = ? order by id", district)
                .stream()
                .map(r -> r.get("id"))
                .toList();
      }
      assertThat(chapters).isNotEmpty();
      try (PgSession s = PgSession.user(db, rootAdmin)) {
        assertThat(call(s, district, start, end, "region"))
            .isEqualTo(expect.expected(district, start, end, "region"));
        for (Object chapter : chapters) {
          UUID c = (UUID) chapter;
          assertThat(call(s, c, start, end, "chapter"))
              .as("chapter " + c)
              .isEqualTo(expect.expected(c, start, end, "chapter"));
        }
      }
    }

    @Test
    void multiChapterMentors_existInTheData_andAppearOnceNationally() throws SQLException {
      LocalDate start = LocalDate.of(2024, 1, 1);
      LocalDate end = LocalDate.of(2026, 12, 31);
      long multi;
      try (SuperuserTx tx = SuperuserTx.open(db)) {
        multi =
            tx.count(
                "select count(*) from (select user_id from public.org_memberships where role = 'peer_mentor'"
                    + " group by user_id having count(*) > 1) x");
      }
      assertThat(multi).isGreaterThan(10);
      try (PgSession s = PgSession.user(db, rootAdmin)) {
        JsonNode p = call(s, root, start, end, "national");
        java.util.Set<String> ids = new java.util.HashSet<>();
        p.get("peer_mentor_records")
            .forEach(r -> assertThat(ids.add(r.get("peer_mentor_id").asText())).isTrue());
        assertThat(p.get("totals").get("peer_mentor_count").asInt()).isEqualTo(ids.size());
      }
    }
  }
}
