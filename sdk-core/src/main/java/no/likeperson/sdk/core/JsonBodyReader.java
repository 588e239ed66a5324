package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a successful response body token by token, for results too big to hold twice (a national
 * Bufdir report): {@link RpcCall#read(JsonBodyReader)} hands it a Jackson {@link JsonParser} over
 * the response stream, created by the client's {@code ObjectMapper} (so {@code
 * parser.readValueAs(...)} maps sub-trees with the client's settings). The parser is positioned
 * before the first token; the SDK closes it and the response afterwards.
 *
 * <pre>{@code
 * long rows = client.rpc("big_report", Map.of("p_year", 2026)).read(parser -> {
 *   long n = 0;
 *   if (parser.nextToken() != JsonToken.START_ARRAY) throw new IOException("not an array");
 *   while (parser.nextToken() == JsonToken.START_OBJECT) {
 *     sink.accept(parser.readValueAs(Row.class));      // one row in memory at a time
 *     n++;
 *   }
 *   return n;
 * });
 * }</pre>
 *
 * <p>An {@link IOException} thrown while reading counts as a connection failure: a replayable call
 * ({@link RpcCall#readOnly()} or {@code idempotent(true)}) is then sent again and the reader runs
 * again from the start. A reader with side effects that must not repeat throws a non-retryable
 * {@link no.likeperson.sdk.core.error.SupabaseClientException} instead once it has produced output.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface JsonBodyReader<T> {
  /**
   * Reads the body.
   *
   * @param parser the body's parser, before its first token
   * @return the result (may be null)
   * @throws IOException when reading fails
   */
  @Nullable T read(JsonParser parser) throws IOException;
}
