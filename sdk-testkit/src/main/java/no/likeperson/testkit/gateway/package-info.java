/**
 * The PostgREST-compatible gateway behind {@link no.likeperson.testkit.LocalSupabase}: REST reads and
 * writes, RPC and the Auth endpoints the SDK uses, executed on the embedded PostgreSQL with the
 * caller's JWT claims, so row-level security applies as on Supabase. Tests normally reach it only
 * through {@code LocalSupabase}; {@link no.likeperson.testkit.gateway.PostgrestGateway} and
 * {@link no.likeperson.testkit.gateway.GatewayConfig} start one on their own.
 *
 * <pre>{@code
 * try (PostgrestGateway gw = PostgrestGateway.start(GatewayConfig.builder()
 *     .dataSource(dataSource).jwtSecret(secret).build())) {
 *   String url = gw.baseUrl();
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.testkit.gateway;

import org.jspecify.annotations.NullMarked;
