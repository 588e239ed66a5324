package no.likeperson.sdk.core;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Where {@link SupabaseAuth} keeps the session between refreshes and app starts. A service keeps it
 * in memory ({@link #inMemory()}); an Android app persists it, encrypted, so the user stays signed
 * in across restarts. {@link SupabaseAuth} calls it under its own lock, so an implementation need
 * only be thread-safe in the ordinary sense, and it must not log the session's JSON (it holds the
 * tokens).
 *
 * <pre>{@code
 * SessionStore prefsStore = new SessionStore() {          // Android, EncryptedSharedPreferences
 *   public Session load() {
 *     String json = prefs.getString("session", null);
 *     return json == null ? null : Session.fromJson(json);
 *   }
 *   public void save(Session s) { prefs.edit().putString("session", s.toJson()).apply(); }
 *   public void clear() { prefs.edit().remove("session").apply(); }
 * };
 * }</pre>
 */
public interface SessionStore {

  /** The stored session, or {@code null} when there is none. */
  @Nullable Session load();

  /**
   * Replaces the stored session (after sign-in and after every refresh: the refresh token rotates).
   */
  void save(Session session);

  /** Removes the stored session (sign-out, or a session Auth no longer accepts). */
  void clear();

  /**
   * A store in memory: the session lives as long as the process.
   *
   * @return a new, empty store
   */
  static SessionStore inMemory() {
    AtomicReference<Session> ref = new AtomicReference<>();
    return new SessionStore() {
      @Override
      public @Nullable Session load() {
        return ref.get();
      }

      @Override
      public void save(Session session) {
        ref.set(session);
      }

      @Override
      public void clear() {
        ref.set(null);
      }

      @Override
      public String toString() {
        return "SessionStore.inMemory()";
      }
    };
  }
}
