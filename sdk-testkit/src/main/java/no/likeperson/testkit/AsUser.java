package no.likeperson.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link LocalSupabaseTest} to inject a {@code SupabaseClient} signed in as this user (a UUID of
 * {@code auth.users}), built with {@link LocalSupabase#clientFor(java.util.UUID)}.
 *
 * <pre>{@code
 * @Test
 * void mentorSeesOwnRows(@AsUser("30000000-0000-4000-8000-000000000001") SupabaseClient mentor) { ... }
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
