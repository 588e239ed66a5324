/**
 * The PostgREST / RPC client for Supabase: {@link no.likeperson.sdk.core.SupabaseClient} builds
 * table queries ({@link no.likeperson.sdk.core.TableQuery}), writes ({@link
 * no.likeperson.sdk.core.Mutation}) and RPC calls ({@link no.likeperson.sdk.core.RpcCall}), sync
 * and async; {@link no.likeperson.sdk.core.SupabaseAuth} signs users in and keeps their session.
 * Errors are the typed exceptions of {@code no.likeperson.sdk.core.error}.
 *
 * <p>The engine (transport, retry policy, circuit breaker, URL grammar, error mapping) lives in
 * this package too, package-private: only the types listed in {@code sdk-core/api/sdk-core.api} are
 * API. Every type here is null-marked: a parameter or result may be {@code null} only where it is
 * annotated {@code @Nullable}.
 *
 * <pre>{@code
 * try (SupabaseClient client = SupabaseClient.builder()
 *     .url("https://<project>.supabase.co").apiKey(anonKey)
 *     .accessTokenProvider(auth.tokenProvider()).build()) {
 *   List<Activity> rows = client.from("activities").select("*").eq("chapter_id", chapterId)
 *       .list(Activity.class);
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.sdk.core;

import org.jspecify.annotations.NullMarked;
