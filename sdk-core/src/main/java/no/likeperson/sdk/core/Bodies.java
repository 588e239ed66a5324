package no.likeperson.sdk.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserSequence;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import no.likeperson.sdk.core.error.NotExactlyOneRowException;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Response handlers: stream-parse JSON bodies with the client's {@link ObjectMapper} straight into
 * the target type (never through a String), read {@code Content-Range}. An I/O failure while
 * reading is passed on as {@link IOException} (the transport retries replayable requests); a body
 * that is complete but not the expected JSON becomes a non-retryable {@link
 * SupabaseClientException}.
 */
final class Bodies {

  private Bodies() {}

  /** A JSON array (or a lone value, taken as one element) into a list; no body is an empty list. */
  static <T> ResponseHandler<List<T>> list(ObjectMapper mapper, JavaType type, String operation) {
    return response -> readList(mapper, type, operation, response);
  }

  static <T> ResponseHandler<Page<T>> page(ObjectMapper mapper, JavaType type, String operation) {
    return response -> {
      List<T> rows = readList(mapper, type, operation, response);
      return new Page<>(rows, contentRange(response, operation));
    };
  }

  /**
   * Exactly one value: an object, a scalar, or a one-element array (a set-returning RPC); an array
   * of any other size is a {@link NotExactlyOneRowException}; no body or JSON {@code null} is an
   * error.
   */
  static <T> ResponseHandler<T> single(ObjectMapper mapper, JavaType type, String operation) {
    return response -> {
      Optional<T> v = readOne(mapper, type, operation, response, unwrapsArrays(type));
      return v.orElseThrow(
          () ->
              new SupabaseClientException(
                  operation + " returned no value (empty body or JSON null) where one was expected",
                  null,
                  false));
    };
  }

  /** Zero or one value: no body, JSON null or an empty array is empty; more than one row fails. */
  static <T> ResponseHandler<Optional<T>> maybeSingle(
      ObjectMapper mapper, JavaType type, String operation) {
    return response -> readOne(mapper, type, operation, response, unwrapsArrays(type));
  }

  /**
   * {@link #maybeSingle} for a table read, where the body is always an array of rows (even for a
   * {@code JsonNode} target).
   */
  static <T> ResponseHandler<Optional<T>> maybeSingleRow(
      ObjectMapper mapper, JavaType type, String operation) {
    return response -> readOne(mapper, type, operation, response, true);
  }

  /**
   * Whether a top-level array is a set of rows to take one from: not when the caller asked for a
   * collection, an array, a {@code JsonNode} or {@code Object} (then the array is the value itself,
   * e.g. an RPC returning {@code json}).
   */
  private static boolean unwrapsArrays(JavaType type) {
    return !type.isCollectionLikeType()
        && !type.isArrayType()
        && !type.isTypeOrSubTypeOf(com.fasterxml.jackson.databind.JsonNode.class)
        && type.getRawClass() != Object.class;
  }

  /** Hands the body's parser to a caller's reader (streaming results). */
  @SuppressWarnings("NullAway") // a reader may return null: RpcCall.read passes it on as @Nullable
  static <T> ResponseHandler<T> stream(ObjectMapper mapper, JsonBodyReader<T> reader) {
    return response -> {
      try (JsonParser p = parser(mapper, response)) {
        return reader.read(p);
      }
    };
  }

  /** Ignores any body (RPC void 204, {@code return=minimal}). */
  @SuppressWarnings("NullAway") // a Void result is null by definition
  static ResponseHandler<Void> discard() {
    return response -> null;
  }

  /** The total of {@code Content-Range}; fails if the server sent none. */
  static ResponseHandler<Long> count(String operation) {
    return response -> {
      OptionalLong total =
          contentRange(response, operation).map(ContentRange::total).orElse(OptionalLong.empty());
      if (!total.isPresent()) {
        throw new SupabaseClientException(
            operation
                + " answered without a total count in "
                + "Content-Range ("
                + response.header("Content-Range")
                + ")",
            null,
            false);
      }
      return total.getAsLong();
    };
  }

  static Optional<ContentRange> contentRange(Response response, String operation) {
    String header = response.header("Content-Range");
    if (header == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ContentRange.parse(header));
    } catch (IllegalArgumentException e) {
      throw new SupabaseClientException(
          operation + " sent an unparseable Content-Range header", e, false);
    }
  }

  private static JsonParser parser(ObjectMapper mapper, Response response) throws IOException {
    ResponseBody body = response.body();
    InputStream in = body.byteStream();
    JsonParser p = mapper.getFactory().createParser(in);
    // the transport owns and closes the response
    p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return p;
  }

  private static <T> List<T> readList(
      ObjectMapper mapper, JavaType type, String operation, Response response) throws IOException {
    try (JsonParser p = parser(mapper, response)) {
      JsonToken t = p.nextToken();
      if (t == null || t == JsonToken.VALUE_NULL) {
        return Collections.emptyList();
      }
      List<T> rows;
      if (t == JsonToken.START_ARRAY) {
        rows = new ArrayList<>();
        if (p.nextToken() != JsonToken.END_ARRAY) {
          // the first row alone, so its columns can be checked against the target type
          rows.add(readChecked(mapper, type, operation, p));
          if (p.nextToken() != JsonToken.END_ARRAY) {
            // the rest in one bind, as a careful raw Jackson user would: one deserialization
            // context
            // and one root-deserializer lookup for all rows (a readValue per row costs a context
            // each,
            // ~72 B and a lookup per row); null elements stay null. The parser stands on the second
            // row, so a synthetic '[' is put in front of it (the sequence hands on p's current
            // token).
            TokenBuffer open = new TokenBuffer(p, null);
            open.writeStartArray();
            // not closed here: closing the sequence would close p before the trailing-data check
            JsonParser rest = JsonParserSequence.createFlattened(true, open.asParser(p), p);
            rest.nextToken();
            JavaType listType =
                mapper.getTypeFactory().constructCollectionType(ArrayList.class, type);
            List<T> more = mapper.readerFor(listType).readValue(rest);
            rows.addAll(more);
          }
        }
      } else {
        rows = new ArrayList<>(1);
        rows.add(readChecked(mapper, type, operation, p));
      }
      expectEnd(p, operation);
      return rows;
    } catch (JsonProcessingException e) {
      IOException broken = ResponseHandler.brokenStream(e);
      if (broken != null) {
        throw broken;
      }
      throw unparseable(operation, type, e);
    }
  }

  private static <T> Optional<T> readOne(
      ObjectMapper mapper, JavaType type, String operation, Response response, boolean arrayIsRows)
      throws IOException {
    try (JsonParser p = parser(mapper, response)) {
      JsonToken t = p.nextToken();
      if (t == null || t == JsonToken.VALUE_NULL) {
        return Optional.empty();
      }
      T value;
      if (t == JsonToken.START_ARRAY && arrayIsRows) {
        int n = 0;
        value = null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (n == 0) {
            value = readChecked(mapper, type, operation, p);
          } else {
            p.skipChildren();
          }
          n++;
        }
        if (n == 0) {
          return Optional.empty();
        }
        if (n > 1) {
          // checked here, the server was asked for an array: report it as PostgREST would
          throw SupabaseServiceException.of(
              406,
              "PGRST116",
              "Cannot coerce the result to a single JSON object",
              "The result contains " + n + " rows",
              null,
              operation,
              null);
        }
      } else {
        value = readChecked(mapper, type, operation, p);
      }
      expectEnd(p, operation);
      return Optional.ofNullable(value);
    } catch (JsonProcessingException e) {
      IOException broken = ResponseHandler.brokenStream(e);
      if (broken != null) {
        throw broken;
      }
      throw unparseable(operation, type, e);
    }
  }

  /**
   * Reads one value; when it is an object read into a user's record or bean, first checks that at
   * least one of its keys is a property of the type. PostgREST's columns are snake_case ({@code
   * org_id}) and Java's components camelCase ({@code orgId}): without the check such a record
   * silently comes back with every component null, which looks like data.
   */
  private static <T> T readChecked(
      ObjectMapper mapper, JavaType type, String operation, JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT || !ColumnCheck.applies(type)) {
      return mapper.readValue(p, type);
    }
    TokenBuffer buffer = new TokenBuffer(p, null);
    buffer.copyCurrentStructure(p);
    Set<String> keys = new LinkedHashSet<>();
    try (JsonParser names = buffer.asParser()) {
      names.nextToken();
      while (names.nextToken() == JsonToken.FIELD_NAME) {
        keys.add(names.currentName());
        names.nextToken();
        names.skipChildren();
      }
    }
    ColumnCheck.requireOverlap(mapper, type, keys, operation);
    try (JsonParser value = buffer.asParser(p)) {
      value.nextToken();
      return mapper.readValue(value, type);
    }
  }

  private static void expectEnd(JsonParser p, String operation) throws IOException {
    if (p.nextToken() != null) {
      throw new SupabaseClientException(
          operation + " returned trailing data after the JSON value", null, false);
    }
  }

  private static SupabaseClientException unparseable(
      String operation, JavaType type, JsonProcessingException e) {
    // Jackson's message can quote row data; keep it in the cause only
    return new SupabaseClientException(
        operation + " returned a body that is not valid JSON for " + type.toCanonical(), e, false);
  }
}
