package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.LocalSupabaseTest;
import no.likeperson.testkit.SeedUsers;
import org.junit.jupiter.api.Test;

/**
 * {@code @LocalSupabaseTest}'s javadoc example (between the tag comments), run as it is shown: the
 * Oslo coordinator reads activities of Oslo lokallag only, and the stack is injected.
 */
// tag::local-supabase-test[]
@LocalSupabaseTest(resetData = true)
class CoordinatorStatsTest {
  static final UUID OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");

  LocalSupabase supabase; // injected

  @Test
  void coordinatorSeesOwnOrganisationOnly(
      @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordinator) {
    assertThat(coordinator.from("activities").select("id,org_id").list(Activity.class))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.orgId()).isEqualTo(OSLO));
    assertThat(supabase.apiUrl()).startsWith("http://");
  }
}
// end::local-supabase-test[]
