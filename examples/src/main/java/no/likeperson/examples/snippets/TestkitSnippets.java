package no.likeperson.examples.snippets;

import java.util.List;
import java.util.UUID;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.LocalSupabase;
import no.likeperson.testkit.SeedUsers;

/**
 * {@code LocalSupabase}'s javadoc example, compiled and run by {@code TestkitSnippetsTest}: it
 * starts a stack of its own. The {@code @LocalSupabaseTest} example is the test class {@code
 * CoordinatorStatsTest} of this module's tests.
 *
 * <pre>{@code
 * TestkitSnippets.Result r = TestkitSnippets.localSupabase();
 * }</pre>
 */
public final class TestkitSnippets {

  private TestkitSnippets() {}

  /** What the example saw; {@code apiUrl} points at a stack that is stopped by then. */
  public record Result(List<Activity> rows, String jwt, String apiUrl) {
    /** Copies {@code rows}. */
    public Result {
      rows = List.copyOf(rows);
    }
  }

  /**
   * Starts an embedded stack, reads as the seed's Oslo coordinator, and stops it.
   *
   * @throws IllegalStateException if the embedded database or the gateway cannot start
   * @throws no.likeperson.sdk.core.error.SupabaseException if the read fails
   */
  public static Result localSupabase() {
    // tag::local-supabase[]
    try (LocalSupabase supabase = LocalSupabase.start()) {
      UUID coordinatorId = UUID.fromString(SeedUsers.COORD_OSLO);
      SupabaseClient coordinator = supabase.clientFor(coordinatorId);
      List<Activity> rows =
          coordinator.from("activities").select("id,org_id,activity_date").list(Activity.class);

      String jwt = supabase.tokenFor(coordinatorId); // claims from the project's access token hook
      String url = supabase.apiUrl(); // http://127.0.0.1:<port>, like `supabase status`
      // end::local-supabase[]
      coordinator.close();
      return new Result(rows, jwt, url);
      // tag::local-supabase[]
    }
    // end::local-supabase[]
  }
}
