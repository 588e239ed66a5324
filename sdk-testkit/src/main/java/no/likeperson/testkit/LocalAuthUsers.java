package no.likeperson.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import no.likeperson.testkit.gateway.AuthUsers;
import org.jspecify.annotations.Nullable;

/**
 * The users of the local {@code /auth/v1}: every row of {@code auth.users} (not deleted, not
 * banned) signs in with its email and {@link LocalSupabase#SEED_USER_PASSWORD}; tokens are minted
 * by {@link UserTokens}, i.e. through the project's custom access token hook, exactly as for {@link
 * LocalSupabase#clientFor(UUID)}.
 */
final class LocalAuthUsers implements AuthUsers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final UserTokens.ConnectionSource connections;

  /** Set once the stack knows its URL (the tokens' issuer); the gateway starts before. */
  private volatile @Nullable UserTokens tokens;

  LocalAuthUsers(UserTokens.ConnectionSource connections) {
    this.connections = Objects.requireNonNull(connections, "connections == null");
  }

  void tokens(UserTokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public Optional<UUID> signIn(String email, String password) {
    if (!LocalSupabase.SEED_USER_PASSWORD.equals(password)) {
      return Optional.empty();
    }
    try (Connection c = connections.open();
        PreparedStatement ps =
            c.prepareStatement(
                "select id from auth.users where lower(email) = lower(?) "
                    + "and deleted_at is null and (banned_until is null or banned_until < now())")) {
      ps.setString(1, email.trim());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of((UUID) rs.getObject(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read auth.users: " + e.getSQLState(), e);
    }
  }

  @Override
  public String accessToken(UUID user, String sessionId) {
    UserTokens t = tokens;
    if (t == null) {
      throw new IllegalStateException("the local stack is still starting");
    }
    return t.tokenFor(user, sessionId);
  }

  @Override
  public Map<String, Object> user(UUID user) {
    try (Connection c = connections.open();
        PreparedStatement ps =
            c.prepareStatement(
                "select id::text, aud, role, email, phone, "
                    + "coalesce(raw_app_meta_data, '{}')::text, coalesce(raw_user_meta_data, '{}')::text, "
                    + "created_at::text, updated_at::text from auth.users where id = ?")) {
      ps.setObject(1, user);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no user " + user + " in auth.users");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString(1));
        m.put("aud", rs.getString(2));
        m.put("role", rs.getString(3));
        m.put("email", rs.getString(4));
        m.put("phone", rs.getString(5) == null ? "" : rs.getString(5));
        m.put("app_metadata", JSON.readValue(rs.getString(6), Map.class));
        m.put("user_metadata", JSON.readValue(rs.getString(7), Map.class));
        m.put("created_at", rs.getString(8));
        m.put("updated_at", rs.getString(9));
        return m;
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot read auth.users", e);
    }
  }
}
