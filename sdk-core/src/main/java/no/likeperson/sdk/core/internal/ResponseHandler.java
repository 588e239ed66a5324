package no.likeperson.sdk.core.internal;

import java.io.IOException;
import okhttp3.Response;

/**
 * Turns a successful (2xx, including 206) response into a value. Runs inside the retry scope, so a
 * body that breaks mid-read (an {@link IOException}) is retried for replayable requests. The handler
 * must not close the response: the transport does. It never sees an error response.
 *
 * <pre>{@code
 * ResponseHandler<String> h = response -> response.body().string();
 * }</pre>
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ResponseHandler<T> {
  /**
   * Reads the value out of a 2xx response.
   *
   * @param response the response, open; the transport closes it afterwards
   * @return the value (may be {@code null} for void results)
   * @throws IOException when reading the body fails (treated as a connection failure)
   */
  T handle(Response response) throws IOException;
}
