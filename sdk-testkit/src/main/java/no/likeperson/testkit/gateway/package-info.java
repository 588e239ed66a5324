/**
 * Not API: the engine behind {@code no.likeperson.testkit.LocalSupabase}, a PostgREST-compatible
 * HTTP gateway (with Supabase's API-gateway checks and Auth session endpoints) over a real
 * PostgreSQL. Its types may change in any release without notice; use {@code LocalSupabase}, the
 * JUnit extension ({@code @LocalSupabaseTest}, {@code @AsUser}) or the runnable jar instead.
 *
 * <p>Everything here is package-private except the three types {@code LocalSupabase} needs across
 * the package boundary: {@link no.likeperson.testkit.gateway.PostgrestGateway} (start, base URL,
 * schema cache reload, close), {@link no.likeperson.testkit.gateway.GatewayConfig} (the settings
 * {@code LocalSupabase} passes) and {@link no.likeperson.testkit.gateway.AuthUsers} (what the
 * {@code /auth/v1} endpoints need from the stack). The dependency is one-way: this package never
 * refers to {@code no.likeperson.testkit}; {@code GatewayBoundaryTest} checks both rules on the
 * compiled classes. What the gateway serves and where it differs from PostgREST: docs/gateway.md.
 *
 * <pre>{@code
 * try (LocalSupabase supabase = LocalSupabase.start()) {   // the API; the gateway runs inside
 *   String api = supabase.apiUrl() + "/rest/v1";
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.testkit.gateway;

import org.jspecify.annotations.NullMarked;
