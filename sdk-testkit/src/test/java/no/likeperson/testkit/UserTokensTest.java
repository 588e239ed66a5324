package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.supabase.LocalDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token minting against a real embedded PostgreSQL with the Supabase bootstrap only (no project
 * migrations), so each test installs the access token hook it needs.
 */
class UserTokensTest {

  static final UUID USER = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000001");
  static final Instant NOW = Instant.parse("2026-11-23T01:00:00Z");

  static LocalDatabase db;
  UserTokens tokens;

  @BeforeAll
  static void startDatabase() {
    db = LocalDatabase.builder().migrations(false).start();
    db.execute(
        "insert into auth.users (id, email, raw_app_meta_data, raw_user_meta_data) values ('"
            + USER
            + "', 'kari@example.no', '{\"organisation_id\":\"o1\"}', '{\"full_name\":\"Kari\"}')");
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void setUp() {
    db.execute("drop function if exists public.custom_access_token_hook(jsonb)");
    tokens =
        new UserTokens(
            () -> db.dataSource().getConnection(),
            Jwts.DEFAULT_SECRET,
            "http://127.0.0.1:54321/auth/v1",
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void tokenFor_withoutHook_signsGoTrueStandardClaims() {
    DecodedJWT jwt = JWT.decode(tokens.tokenFor(USER));
    Algorithm.HMAC256(Jwts.DEFAULT_SECRET).verify(jwt);

    assertThat(jwt.getSubject()).isEqualTo(USER.toString());
    assertThat(jwt.getClaim("role").asString()).isEqualTo("authenticated");
    assertThat(jwt.getAudience()).containsExactly("authenticated");
    assertThat(jwt.getIssuer()).isEqualTo("http://127.0.0.1:54321/auth/v1");
    assertThat(jwt.getClaim("email").asString()).isEqualTo("kari@example.no");
    assertThat(jwt.getClaim("iat").asLong()).isEqualTo(NOW.getEpochSecond());
    assertThat(jwt.getClaim("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 3600);
    assertThat(jwt.getClaim("app_metadata").asMap())
        .containsEntry("organisation_id", "o1")
        .containsEntry("provider", "email");
    assertThat(jwt.getClaim("user_metadata").asMap()).containsEntry("full_name", "Kari");
    assertThat(jwt.getClaim("aal").asString()).isEqualTo("aal1");
    assertThat(jwt.getClaim("is_anonymous").asBoolean()).isFalse();
  }

  @Test
  void tokenFor_withHook_signsExactlyTheClaimsTheHookReturns() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select jsonb_build_object('claims', (event -> 'claims') || jsonb_build_object('app_metadata',"
            + "   (event #> '{claims,app_metadata}') || jsonb_build_object('org_roles',"
            + "   jsonb_build_object('o1', jsonb_build_array('coordinator')), 'seen_user', event ->> 'user_id',"
            + "   'seen_method', event ->> 'authentication_method'))) $$");

    DecodedJWT jwt = JWT.decode(tokens.tokenFor(USER));

    Map<String, Object> appMetadata = jwt.getClaim("app_metadata").asMap();
    assertThat(appMetadata)
        .containsEntry("org_roles", Map.of("o1", List.of("coordinator")))
        .containsEntry("seen_user", USER.toString())
        .containsEntry("seen_method", "password")
        .containsEntry("organisation_id", "o1");
    assertThat(jwt.getSubject()).isEqualTo(USER.toString());
  }

  @Test
  void tokenFor_whenHookRemovesClaims_doesNotPutThemBack() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select jsonb_build_object('claims', (event -> 'claims') - 'email') $$");

    assertThat(tokens.claimsFor(USER))
        .doesNotContainKey("email")
        .containsEntry("sub", USER.toString());
  }

  @Test
  void tokenFor_whenHookReturnsError_throwsWithItsMessage() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select '{\"error\":{\"http_code\":403,\"message\":\"user is suspended\"}}'::jsonb $$");

    assertThatThrownBy(() -> tokens.tokenFor(USER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("user is suspended")
        .hasMessageContaining("403");
  }

  @Test
  void tokenFor_whenHookReturnsNoClaims_throws() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select '{\"claim\":{}}'::jsonb $$");

    assertThatThrownBy(() -> tokens.tokenFor(USER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no claims object");
  }

  @Test
  void tokenFor_whenHookReturnsNull_throws() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select null::jsonb $$");

    assertThatThrownBy(() -> tokens.tokenFor(USER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SQL NULL");
  }

  @Test
  void tokenFor_whenHookFails_reportsSqlState() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language plpgsql as $$"
            + " begin raise exception 'boom' using errcode = 'P0001'; end $$");

    assertThatThrownBy(() -> tokens.tokenFor(USER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("P0001");
  }

  @Test
  void tokenFor_runsTheHookAsSupabaseAuthAdmin_likeSupabaseAuth() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select jsonb_build_object('claims', (event -> 'claims') || jsonb_build_object('hook_user', current_user::text)) $$");

    assertThat(tokens.claimsFor(USER)).containsEntry("hook_user", "supabase_auth_admin");
  }

  @Test
  void tokenFor_whenTheHookNeedsMorePrivilegesThanSupabaseAuthAdmin_fails() {
    db.execute(
        "create table if not exists public.hook_secret (v text); revoke all on public.hook_secret from public;"
            + " create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select jsonb_build_object('claims', (event -> 'claims') || jsonb_build_object('v', (select max(v) from public.hook_secret))) $$");

    assertThatThrownBy(() -> tokens.tokenFor(USER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("42501");
  }

  @Test
  void tokenFor_keepsJsonNullClaimsTheHookReturns() {
    db.execute(
        "create function public.custom_access_token_hook(event jsonb) returns jsonb language sql as $$"
            + " select jsonb_build_object('claims', (event -> 'claims') || '{\"organisation_hint\": null}'::jsonb) $$");

    assertThat(tokens.claimsFor(USER)).containsEntry("organisation_hint", null);
    assertThat(JWT.decode(tokens.tokenFor(USER)).getClaim("organisation_hint").isNull()).isTrue();
  }

  @Test
  void tokenFor_unknownUser_throwsIllegalArgument() {
    UUID nobody = UUID.fromString("aaaaaaaa-0000-4000-8000-000000000999");
    assertThatThrownBy(() -> tokens.tokenFor(nobody))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(nobody.toString());
  }

  @Test
  void tokenFor_null_throwsNpe() {
    assertThatThrownBy(() -> tokens.tokenFor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId == null");
  }

  @Test
  void tokenFor_eachTokenHasItsOwnSession() {
    String a = JWT.decode(tokens.tokenFor(USER)).getClaim("session_id").asString();
    String b = JWT.decode(tokens.tokenFor(USER)).getClaim("session_id").asString();
    assertThat(a).isNotEqualTo(b);
  }
}
