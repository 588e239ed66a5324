package no.likeperson.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a JUnit 5 test class against a {@link LocalSupabase}: one stack per JVM, started on first
 * use and stopped when the test run ends, shared by every annotated class. Fields and parameters of
 * type {@link LocalSupabase} are injected; so are fields and parameters of type {@code
 * no.likeperson.sdk.core.SupabaseClient} annotated with {@link AsUser}.
 *
 * <p>When {@code SUPABASE_URL}, {@code SUPABASE_ANON_KEY}, {@code SUPABASE_JWT_SECRET} and {@code
 * SUPABASE_DB_URL} are set, the same classes run against that real Supabase instead (see {@link
 * LocalSupabase#fromEnvironment()}).
 *
 * <pre>{@code
 * @LocalSupabaseTest(resetData = true)
 * class CoordinatorStatsTest {
 *   static final UUID OSLO = UUID.fromString("a0000000-0000-4000-8000-000000000111");
 *
 *   LocalSupabase supabase; // injected
 *
 *   @Test
 *   void coordinatorSeesOwnOrganisationOnly(
 *       @AsUser(SeedUsers.COORD_OSLO) SupabaseClient coordinator) {
 *     assertThat(coordinator.from("activities").select("id,org_id").list(Activity.class))
 *         .isNotEmpty()
 *         .allSatisfy(a -> assertThat(a.orgId()).isEqualTo(OSLO));
 *     assertThat(supabase.apiUrl()).startsWith("http://");
 *   }
 * }
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/test/java/no/likeperson/examples/snippets/CoordinatorStatsTest.java#local-supabase-test}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(LocalSupabaseExtension.class)
public @interface LocalSupabaseTest {

  /**
   * Whether to put the data back to the seed ({@link LocalSupabase#resetData()}) before the first
   * test of the class runs, so earlier classes' writes cannot leak into it. Default false:
   * resetting costs a database round trip of truncates and inserts.
   *
   * @return whether to reset before the class
   */
  boolean resetData() default false;
}
