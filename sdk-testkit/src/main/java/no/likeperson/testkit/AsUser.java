package no.likeperson.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link LocalSupabaseTest} to inject a {@code SupabaseClient} signed in as this user (a UUID
 * of {@code auth.users}; the seed's users are named in {@link SeedUsers}), built with {@link
 * LocalSupabase#clientFor(java.util.UUID)}.
 *
 * <pre>{@code
 * @Test
 * void mentorSeesOwnRows(@AsUser(SeedUsers.MENTOR_OSLO) SupabaseClient mentor) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER})
public @interface AsUser {

  /**
   * The user's id.
   *
   * @return a UUID string
   */
  String value();
}
