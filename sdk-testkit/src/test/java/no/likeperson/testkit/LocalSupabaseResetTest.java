package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import no.likeperson.supabase.SeedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code @LocalSupabaseTest(resetData = true)} puts the data back to the seed before its class;
 * without it, data written earlier in the JVM stays. JUnit runs a class's own tests before its
 * {@code @Nested} classes, which makes the order deterministic here.
 */
@LocalSupabaseTest
class LocalSupabaseResetTest {

  static final UUID MARKER = UUID.fromString("aaaaaaaa-0000-4000-8000-00000000feed");

  @BeforeAll
  static void writeAMarkerUser(LocalSupabase supabase) {
    supabase.execute(
        "delete from auth.users where id = '"
            + MARKER
            + "';"
            + " insert into auth.users (id, email) values ('"
            + MARKER
            + "', 'feed@example.test')");
  }

  @Test
  void withoutReset_earlierWritesStay(LocalSupabase supabase) {
    assertThat(supabase.claimsFor(MARKER)).containsEntry("sub", MARKER.toString());
  }

  @Nested
  @LocalSupabaseTest(resetData = true)
  class WithReset {

    @Test
    void earlierWritesAreGone_andTheSeedIsBack(LocalSupabase supabase) {
      assertThatThrownBy(() -> supabase.claimsFor(MARKER))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(supabase.claimsFor(SeedData.COORD_OSLO))
          .containsEntry("sub", SeedData.COORD_OSLO.toString());
    }
  }
}
