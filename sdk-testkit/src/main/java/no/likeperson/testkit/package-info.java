/**
 * A Docker-free local Supabase for JVM tests: the API of {@code sdk-testkit}.
 *
 * <ul>
 *   <li>{@link no.likeperson.testkit.LocalSupabase}: embedded PostgreSQL 15 with the Supabase
 *       bootstrap, the migrations and the seed, a PostgREST-compatible gateway and Supabase Auth's
 *       session endpoints on 127.0.0.1, token minting for seeded users; or a real Supabase from
 *       {@code SUPABASE_*} variables.
 *   <li>{@link no.likeperson.testkit.LocalSupabaseTest} and {@link no.likeperson.testkit.AsUser}
 *       (with {@link no.likeperson.testkit.LocalSupabaseExtension}): one stack per JVM for JUnit 5
 *       suites, injected stacks and signed-in SDK clients.
 *   <li>{@link no.likeperson.testkit.SeedUsers}: the seeded users' ids and e-mail addresses.
 *   <li>{@link no.likeperson.testkit.Main}: the runnable jar.
 * </ul>
 *
 * <p>The gateway's engine ({@code no.likeperson.testkit.gateway}) is not API.
 *
 * <pre>{@code
 * @LocalSupabaseTest
 * class CoordinatorTest {
 *     @Test
 *     void seesOwnChapter(@AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordinator) { ... }
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.testkit;

import org.jspecify.annotations.NullMarked;
