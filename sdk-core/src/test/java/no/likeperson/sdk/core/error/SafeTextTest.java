package no.likeperson.sdk.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What of a server's message reaches {@code getMessage()}: identifiers stay, values go. The inputs
 * are real PostgreSQL and PostgREST messages and every RAISE text of this project's migrations with
 * typical values filled in.
 */
class SafeTextTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // this project's RAISE texts
        "22023|p_scope must be chapter, region or national, was \"lokallag\"|p_scope must be chapter, region or national, was \"<value>\"",
        "22023|period_start 2026-12-31 is after period_end 2026-01-01|period_start <date> is after period_end <date>",
        "42501|not allowed to aggregate activities of organisation b0000000-0000-4000-8000-000000000001|not allowed to aggregate activities of organisation <id>",
        "23514|peer mentor 30000000-0000-4000-8000-000000000005 is not a peer_mentor of organisation a0000000-0000-4000-8000-000000000111|peer mentor <id> is not a peer_mentor of organisation <id>",
        "23514|activity type \"hemmelig\" is not defined for organisation a0000000-0000-4000-8000-000000000111|activity type \"<value>\" is not defined for organisation <id>",
        "22023|new expiry 2027-01-01 00:00:00+00 must be after the current expiry 2027-06-30 12:00:00.5+02|new expiry <date> must be after the current expiry <date>",
        "22023|certification ce000000-0000-4000-8000-000000000004 is suspended and cannot be renewed|certification <id> is suspended and cannot be renewed",
        "42501|proxy_audit_log is append-only: DELETE refused|proxy_audit_log is append-only: DELETE refused",
        "22004|p_root_org_id is required|p_root_org_id is required",
        // PostgreSQL
        "22P02|invalid input syntax for type uuid: \"1 or 1=1\"|invalid input syntax for type uuid: \"<value>\"",
        "22003|value \"99999999999\" is out of range for type integer|value \"<value>\" is out of range for type integer",
        "22007|invalid input syntax for type date: \"2026-13-45\"|invalid input syntax for type date: \"<value>\"",
        "23502|null value in column \"org_id\" of relation \"activities\" violates not-null constraint|null value in column \"org_id\" of relation \"activities\" violates not-null constraint",
        "23505|duplicate key value violates unique constraint \"users_pkey\"|duplicate key value violates unique constraint \"users_pkey\"",
        "42501|new row violates row-level security policy for table \"activities\"|new row violates row-level security policy for table \"activities\"",
        "42P01|relation \"public.nope\" does not exist|relation \"public.nope\" does not exist",
        // PostgREST
        "PGRST100|\"failed to parse filter (gte.hemmelig)\" (line 1, column 5)|failed to parse filter (line 1, column 5)",
        "PGRST100|\"failed to parse logic tree ((org_id.eq.x,name.eq.\"a b\"))\" (line 1, column 9)|failed to parse logic tree (line 1, column 9)",
        "PGRST100|something else with hemmelig|the query string could not be parsed",
        "PGRST204|Could not find the 'nosuch' column of 'activities' in the schema cache|Could not find the 'nosuch' column of 'activities' in the schema cache",
        "PGRST116|JSON object requested, multiple (or no) rows returned|JSON object requested, multiple (or no) rows returned",
      })
  void of_keepsIdentifiers_replacesValues(String code, String message, String expected) {
    assertThat(SafeText.of(code, message)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PGRST303|JWT expired|the access token has expired",
        "PGRST301|JWT cryptographic operation failed|the server rejected the access token",
        "PGRST302|Anonymous access is disabled|no user token",
        "|Invalid API key|check the API key",
      })
  void authAdvice_saysWhatHappenedAndWhatToDo(String code, String message, String expected) {
    assertThat(SafeText.authAdvice(code, message)).contains(expected);
  }

  @org.junit.jupiter.api.Test
  void of_longOrEmptyMessages() {
    assertThat(SafeText.of("P0001", null)).isNull();
    assertThat(SafeText.of("P0001", " \n ")).isNull();
    assertThat(SafeText.of("P0001", "x".repeat(1000))).hasSize(SafeText.MAX_CHARS + 1);
    assertThat(SafeText.of("P0001", "two\nlines")).isEqualTo("two lines");
  }
}
