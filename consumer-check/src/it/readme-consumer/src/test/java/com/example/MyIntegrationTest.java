package com.example;

import static org.assertj.core.api.Assertions.assertThat;

import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.testkit.AsUser;
import no.likeperson.testkit.LocalSupabaseTest;
import org.junit.jupiter.api.Test;

// The README's "Testing your own code against a local Supabase" example, unchanged but for imports.
@LocalSupabaseTest(resetData = true)       // one embedded stack per JVM, data back to the seed
class MyIntegrationTest {
  @AsUser("20000000-0000-4000-8000-000000000001")   // a seeded coordinator
  SupabaseClient coordinator;

  @Test void seesOnlyOwnOrganisation() {
    assertThat(coordinator.from("activities").count(CountMode.EXACT)).isPositive();
  }
}
