package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The sample of how a downstream suite uses the extension: the stack, and SDK clients signed in as
 * seed users, injected into static fields, instance fields and parameters.
 */
@LocalSupabaseTest(resetData = true)
class LocalSupabaseExtensionTest {

  static LocalSupabase sharedStatic;
  static LocalSupabase seenInBeforeAll;

  LocalSupabase supabase;

  @AsUser(SeedUsers.MENTOR_OSLO)
  SupabaseClient mentorOslo;

  record ActivityRow(UUID id, @JsonProperty("peer_mentor_id") UUID peerMentorId) {}

  static final UUID MARKER_USER = UUID.fromString("aaaaaaaa-0000-4000-8000-00000000abcd");

  @BeforeAll
  static void staticFieldsAreFilledBeforeBeforeAll() {
    seenInBeforeAll = sharedStatic;
    sharedStatic.execute(
        "insert into auth.users (id, email) values ('" + MARKER_USER + "', 'marker@example.test')");
  }

  @Test
  void injectsTheSameStackEverywhere(LocalSupabase parameter) {
    assertThat(seenInBeforeAll).isNotNull();
    assertThat(supabase).isSameAs(sharedStatic).isSameAs(parameter).isSameAs(seenInBeforeAll);
  }

  @Test
  void injectedClientField_isSignedInAsThatMentor_andSeesOnlyOwnActivities() {
    List<ActivityRow> rows =
        mentorOslo.from("activities").select("id,peer_mentor_id").list(ActivityRow.class);

    assertThat(mentorOslo.claims().subject()).hasValue(SeedData.MENTOR_OSLO.toString());
    assertThat(rows)
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.peerMentorId()).isEqualTo(SeedData.MENTOR_OSLO));
  }

  @Test
  void injectedClientParameters_seeTheirOwnOrganisationsOnly(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordOslo,
      @AsUser(SeedUsers.COORD_TRONDHEIM) SupabaseClient coordTrondheim) {
    long oslo = coordOslo.from("activities").eq("org_id", SeedData.ORG_OSLO).count(CountMode.EXACT);
    long trondheim =
        coordTrondheim
            .from("activities")
            .eq("org_id", SeedData.ORG_TRONDHEIM)
            .count(CountMode.EXACT);

    assertThat(oslo).isPositive();
    assertThat(trondheim).isPositive();
    assertThat(
            coordOslo
                .from("activities")
                .eq("org_id", SeedData.ORG_TRONDHEIM)
                .count(CountMode.EXACT))
        .isZero();
    assertThat(
            coordTrondheim
                .from("activities")
                .eq("org_id", SeedData.ORG_OSLO)
                .count(CountMode.EXACT))
        .isZero();
  }

  @Nested
  class NestedClass {
    LocalSupabase nested;

    @Test
    void sharesTheOneStackOfTheJvm() {
      assertThat(nested).isSameAs(sharedStatic);
    }

    @Test
    void doesNotResetWhatTheOuterClassWrote() throws Exception {
      // the marker row is written in the outer @BeforeAll; a reset before this nested class would
      // remove it
      assertThat(nested.claimsFor(MARKER_USER)).containsEntry("sub", MARKER_USER.toString());
    }
  }

  @Test
  void failedStart_isRememberedAndReportedOnEveryUse() {
    AtomicInteger attempts = new AtomicInteger();
    LocalSupabaseExtension.SharedStack failed =
        new LocalSupabaseExtension.SharedStack(
            () -> {
              attempts.incrementAndGet();
              throw new IllegalStateException("port in use");
            });

    assertThatThrownBy(failed::get)
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessageContaining("port in use")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThatThrownBy(failed::get).isInstanceOf(ExtensionConfigurationException.class);
    assertThat(attempts).hasValue(1);
    failed.close();
  }
}
