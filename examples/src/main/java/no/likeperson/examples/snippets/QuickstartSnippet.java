package no.likeperson.examples.snippets;

import java.util.OptionalLong;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.SessionStore;
import no.likeperson.sdk.core.SupabaseAuth;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.error.InvalidCredentialsException;

/**
 * The README's quickstart client and its "Sign in and keep a session" section, compiled and run by
 * {@code CoreSnippetsTest} against the local stack. The README shows the code between the {@code
 * tag::} and {@code end::} comments; {@code DocumentedSnippetsTest} fails when the two differ.
 *
 * <pre>{@code
 * OptionalLong mine = QuickstartSnippet.signInCountAndSignOut(stack.apiUrl(), stack.anonKey(),
 *     SeedUsers.COORD_OSLO_EMAIL, LocalSupabase.SEED_USER_PASSWORD);
 * }</pre>
 */
public final class QuickstartSnippet {

  private QuickstartSnippet() {}

  /**
   * Signs in with Supabase Auth, counts the activities the user may see through a client on that
   * session, and signs out again.
   *
   * @return the count, or empty when Auth refused the email or password
   * @throws no.likeperson.sdk.core.error.SupabaseException if Auth or the server fails otherwise
   */
  public static OptionalLong signInCountAndSignOut(
      String url, String anonKey, String email, String password) {
    // tag::auth[]
    SupabaseAuth auth =
        SupabaseAuth.builder()
            .url(url) // https://<project>.supabase.co, or LocalSupabase's apiUrl()
            .apiKey(anonKey) // publishable / anon key
            .sessionStore(SessionStore.inMemory()) // a service; an Android app persists it (below)
            .build();
    try {
      auth.signInWithPassword(email, password);
    } catch (InvalidCredentialsException e) { // wrong email or password
      return OptionalLong.empty();
    }
    // end::auth[]
    long count;
    // tag::client[]
    SupabaseClient client =
        SupabaseClient.builder()
            .url(url) // https://<project>.supabase.co, or LocalSupabase's apiUrl()
            .apiKey(anonKey) // publishable / anon key
            .accessTokenProvider(auth.tokenProvider()) // a signed-in session, see below
            .build();
    // end::client[]
    try (client) {
      count = client.from("activities").count(CountMode.EXACT);
    }
    // tag::auth[]
    // ... and when the user signs out:
    auth.signOut(); // clears the store, revokes the session on the server
    // end::auth[]
    return OptionalLong.of(count);
  }
}
