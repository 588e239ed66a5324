/**
 * A local Supabase for tests: {@link no.likeperson.testkit.LocalSupabase} starts an embedded
 * PostgreSQL 15 with the project's migrations and seed and a PostgREST-compatible gateway in front of
 * it; the JUnit 5 extension ({@link no.likeperson.testkit.LocalSupabaseTest},
 * {@link no.likeperson.testkit.AsUser}) hands tests a client signed in as a seed user.
 *
 * <pre>{@code
 * @LocalSupabaseTest
 * class ActivitiesIT {
 *   @Test
 *   void coordinatorSeesTheChapter(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient client) {
 *     assertThat(client.from("activities").select("*").list(Activity.class)).isNotEmpty();
 *   }
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.testkit;

import org.jspecify.annotations.NullMarked;
