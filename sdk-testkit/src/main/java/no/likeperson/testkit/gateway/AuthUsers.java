package no.likeperson.testkit.gateway;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway's Supabase Auth endpoints ({@code /auth/v1/token}, {@code /auth/v1/user}, {@code
 * /auth/v1/logout}) need from the stack: who a password belongs to, and an access token minted for
 * a user and session the way Supabase Auth mints it (through the project's access token hook).
 * Without it ({@link GatewayConfig.Builder#auth(AuthUsers)} not called) the gateway serves no
 * {@code /auth/v1}.
 *
 * <pre>{@code
 * GatewayConfig.builder().dataSource(ds).jwtSecret(secret).auth(new AuthUsers() {
 *   public Optional<UUID> signIn(String email, String password) { ... }
 *   public String accessToken(UUID user, String sessionId) { ... }
 *   public Map<String, Object> user(UUID user) { ... }
 * }).build();
 * }</pre>
 *
 * <p>Not API (see the package documentation): public only so that the testkit's own implementation,
 * which mints tokens through the project's hook, can live beside {@code LocalSupabase}.
 */
public interface AuthUsers {

  /**
   * The user that {@code email} and {@code password} sign in, or empty when either is wrong.
   *
   * @param email as typed
   * @param password as typed
   * @return the user's id in {@code auth.users}
   */
  Optional<UUID> signIn(String email, String password);

  /**
   * A signed access token for {@code user} carrying {@code session_id = sessionId}.
   *
   * @param user the user's id
   * @param sessionId the session the token belongs to
   * @return the compact JWT
   */
  String accessToken(UUID user, String sessionId);

  /**
   * The user object of {@code GET /auth/v1/user} ({@code id, aud, role, email, app_metadata,
   * user_metadata, ...}).
   *
   * @param user the user's id
   * @return JSON-compatible values
   */
  Map<String, Object> user(UUID user);
}
