package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabaseTest;
import no.likeperson.testkit.SeedUsers;
import org.junit.jupiter.api.Test;

// The README's "Testing your own code against a local Supabase" example: the README shows the code
// between the tag comments, and examples/ReadmeSnippetsTest fails when the two differ.
// tag::readme[]
@LocalSupabaseTest(resetData = true) // one embedded stack per JVM, data back to the seed
class MyIntegrationTest {
  @AsUser(SeedUsers.COORD_OSLO) // a seeded coordinator (no.likeperson.testkit.SeedUsers)
  SupabaseClient coordinator;

  @Test
  void seesOnlyOwnOrganisation() {
    assertThat(coordinator.from("activities").count(CountMode.EXACT)).isPositive();
  }
}
// end::readme[]
