package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Turns a successful (2xx, including 206) response into a value. Runs inside the retry scope, so a
 * body that breaks mid-read (an {@link IOException}) is retried for replayable requests. The
 * handler must not close the response: the transport does. It never sees an error response.
 *
 * <pre>{@code
 * ResponseHandler<String> h = response -> response.body().string();
 * }</pre>
 *
 * @param <T> the result type
 */
@FunctionalInterface
interface ResponseHandler<T> {
  /**
   * Reads the value out of a 2xx response.
   *
   * @param response the response, open; the transport closes it afterwards
   * @return the value (may be {@code null} for void results)
   * @throws IOException when reading the body fails (treated as a connection failure)
   */
  T handle(Response response) throws IOException;

  /**
   * The I/O failure inside a Jackson exception, if reading broke off rather than the JSON being
   * bad: databind reports a stream error met while mapping an element of a collection as a {@code
   * JsonMappingException} whose cause is the original {@link IOException}. A handler that catches
   * Jackson's exceptions rethrows this one, so the failure stays an I/O failure (retried for
   * replayable requests) instead of "unparseable".
   *
   * @param e a Jackson exception
   * @return the I/O failure that caused it, or null when the JSON itself was bad
   */
  static @Nullable IOException brokenStream(JsonProcessingException e) {
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof IOException io && !(t instanceof JsonProcessingException)) {
        return io;
      }
    }
    return null;
  }
}
