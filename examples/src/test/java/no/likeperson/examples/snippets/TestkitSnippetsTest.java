package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.SeedUsers;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code LocalSupabase}'s javadoc example, which starts (and stops) an embedded stack of its
 * own: the coordinator reads only Oslo's activities, and the token names the coordinator.
 */
class TestkitSnippetsTest {

  @Test
  void localSupabase_startsReadsAndStops() {
    TestkitSnippets.Result r = TestkitSnippets.localSupabase();
    assertThat(r.rows())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.orgId()).isEqualTo(SeedData.ORG_OSLO));
    String claims =
        new String(Base64.getUrlDecoder().decode(r.jwt().split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"sub\":\"" + SeedUsers.COORD_OSLO + "\"");
    assertThat(r.apiUrl()).startsWith("http://127.0.0.1:");
    assertThat(UUID.fromString(SeedUsers.COORD_OSLO)).isEqualTo(SeedData.COORD_OSLO);
  }
}
