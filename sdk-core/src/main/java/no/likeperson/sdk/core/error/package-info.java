/**
 * The SDK's single, unchecked exception hierarchy.
 *
 * <pre>
 * SupabaseException                      isRetryable()
 * ├── SupabaseClientException            no usable answer: I/O, timeout, unparseable 2xx body
 * ├── InvalidRequestException            bad input, nothing sent
 * ├── UnauthorisedAccessException        org guard, nothing sent
 * ├── CircuitOpenException               breaker open, nothing sent
 * ├── RepositoryException                a repository module's failure (StatsException, BufdirException,
 * │                                      AdminRepositoryException): the sdk-core exception as cause
 * └── SupabaseServiceException           server answer: statusCode(), code(), serverMessage(), details(), hint()
 *     ├── AuthenticationException        401, PGRST301/302/303
 *     ├── PermissionDeniedException      403, 42501
 *     ├── NotFoundException              404, PGRST202/205, 42P01, 42883
 *     ├── ConflictException              409, 23505, 23503
 *     ├── ValidationException            400: 23514, 22P02, P0001, PGRST1xx, ...
 *     ├── NotExactlyOneRowException      PGRST116
 *     ├── RangeNotSatisfiableException   416, PGRST103
 *     ├── RequestTooLargeException       413 (body over the gateway's limit), never retryable
 *     ├── AuthException                  Supabase Auth refused: code() = error_code, isSignInRequired()
 *     │   └── InvalidCredentialsException wrong email or password
 *     ├── RateLimitedException           429, retryAfter()
 *     └── ServiceUnavailableException    502/503/504/520, 500 with 40001/40P01, retryAfter()
 * </pre>
 *
 * <p>Messages carry method, path, status and code only, never tokens, keys or filter values; the
 * server's own text (which can echo submitted values) is in {@code serverMessage()}, {@code
 * details()} and {@code hint()}.
 *
 * <pre>{@code
 * try {
 *   client.from("activities").insert(row).execute();
 * } catch (ConflictException e) {
 *   // already registered
 * } catch (SupabaseException e) {
 *   if (e.isRetryable()) retryLater();
 *   else throw e;
 * }
 * }</pre>
 */
@NullMarked
package no.likeperson.sdk.core.error;

import org.jspecify.annotations.NullMarked;
