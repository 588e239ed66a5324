package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import no.likeperson.sdk.core.JsonBodyReader;
import no.likeperson.sdk.core.error.SupabaseClientException;
import org.jspecify.annotations.NullUnmarked;

/**
 * Stream-parses the Bufdir document ({@code bufdir_payload} sends it as the only element of an
 * array, {@code aggregate_activities_for_org} bare; both are read): the summary parts (which the
 * server writes first) are read into memory, then each record of {@code peer_mentor_records} is
 * mapped on its own, its groups resolved against the type dictionary, and handed to the listener.
 * Only one record is held at a time. Unknown fields are skipped, so the server may add some.
 */
@NullUnmarked // fields filled while a stream is read or written, not yet null-annotated
final class PayloadReader implements JsonBodyReader<BufdirSummary> {

  private static final TypeReference<List<BufdirActivityType>> TYPES = new TypeReference<>() {};
  private static final TypeReference<List<BufdirMultiChapterMentor>> MULTI =
      new TypeReference<>() {};

  private final String operation;
  private final BufdirRecordListener listener;

  /** Whether an I/O failure may be replayed: only as long as nothing reached the listener. */
  private final boolean listenerHasSideEffects;

  private long delivered;

  PayloadReader(String operation, BufdirRecordListener listener, boolean listenerHasSideEffects) {
    this.operation = operation;
    this.listener = listener;
    this.listenerHasSideEffects = listenerHasSideEffects;
  }

  @Override
  public BufdirSummary read(JsonParser p) throws IOException {
    delivered = 0;
    try {
      return readDocument(p);
    } catch (IOException e) {
      if (delivered > 0 && listenerHasSideEffects && isBrokenStream(e)) {
        // a replay would hand the same records to the listener again
        throw new SupabaseClientException(
            operation
                + " broke off after "
                + delivered
                + " records had been delivered; not repeated, the output is incomplete",
            e,
            false);
      }
      throw e;
    }
  }

  /** Reading broke off (I/O), as opposed to invalid JSON; databind wraps the former when nested. */
  private static boolean isBrokenStream(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException && !(t instanceof JsonProcessingException)) {
        return true;
      }
    }
    return false;
  }

  private BufdirSummary readDocument(JsonParser p) throws IOException {
    // bufdir_payload() sends the document as the only element of an array (a set of one row);
    // aggregate_activities_for_org() sends it bare: the same document either way
    JsonToken first = p.nextToken();
    boolean inSet = first == JsonToken.START_ARRAY;
    if (inSet) {
      first = p.nextToken();
      if (first == JsonToken.END_ARRAY) {
        throw malformed("the answer is an empty set, not one document");
      }
    }
    if (first != JsonToken.START_OBJECT) {
      throw malformed("the answer is not a JSON object");
    }
    UUID org = null;
    ScopeLevel scope = null;
    LocalDate start = null;
    LocalDate end = null;
    BufdirTotals totals = null;
    List<BufdirActivityType> types = null;
    List<BufdirMultiChapterMentor> multi = List.of();
    BufdirSummary summary = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "organisation_id" -> org = p.readValueAs(UUID.class);
        case "scope" -> scope = p.readValueAs(ScopeLevel.class);
        case "period_start" -> start = p.readValueAs(LocalDate.class);
        case "period_end" -> end = p.readValueAs(LocalDate.class);
        case "totals" -> totals = p.readValueAs(BufdirTotals.class);
        case "activity_types" ->
            types = value == JsonToken.VALUE_NULL ? List.of() : p.readValueAs(TYPES);
        case "multi_chapter_mentors" ->
            multi = value == JsonToken.VALUE_NULL ? List.of() : p.readValueAs(MULTI);
        case "peer_mentor_records" -> {
          summary = summary(org, scope, start, end, totals, types, multi);
          listener.onSummary(summary);
          readRecords(p, dictionary(summary.activityTypes()));
        }
        default -> p.skipChildren();
      }
    }
    if (p.currentToken() != JsonToken.END_OBJECT) {
      throw malformed("the answer ended early");
    }
    if (summary == null) {
      summary = summary(org, scope, start, end, totals, types, multi);
      listener.onSummary(summary);
    }
    if (inSet && p.nextToken() != JsonToken.END_ARRAY) {
      throw malformed("the answer holds more than one document");
    }
    return summary;
  }

  private void readRecords(JsonParser p, Map<UUID, BufdirActivityType> dictionary)
      throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw malformed("peer_mentor_records is not an array");
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      BufdirPeerMentorRecord record = readRecord(p, dictionary);
      try {
        listener.onRecord(record);
      } catch (RuntimeException e) {
        throw new ListenerFailure(e);
      }
      delivered++;
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw malformed("peer_mentor_records holds something other than objects");
    }
  }

  /**
   * One record, read field by field from the token stream (the hot path of a national year: about
   * 50,000 records and 140,000 groups; binding each through databind took about twice as long).
   * Unknown fields are skipped, a null number counts as 0, as databind did.
   */
  private BufdirPeerMentorRecord readRecord(JsonParser p, Map<UUID, BufdirActivityType> dictionary)
      throws IOException {
    UUID mentor = null;
    String name = null;
    long sessions = 0;
    long minutes = 0;
    long activities = 0;
    long withoutDuration = 0;
    long proxies = 0;
    List<BufdirActivityTypeBreakdown> breakdowns = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "peer_mentor_id" -> mentor = uuid(p, value);
        case "full_name" -> name = value == JsonToken.VALUE_NULL ? null : text(p, value, field);
        case "session_count" -> sessions = number(p, value, field);
        case "duration_minutes" -> minutes = number(p, value, field);
        case "activity_count" -> activities = number(p, value, field);
        case "activities_without_duration" -> withoutDuration = number(p, value, field);
        case "proxy_activity_count" -> proxies = number(p, value, field);
        case "activity_types" -> breakdowns = readGroups(p, value, dictionary);
        default -> p.skipChildren();
      }
    }
    if (mentor == null) {
      throw malformed("a peer mentor record has no peer_mentor_id");
    }
    return new BufdirPeerMentorRecord(
        mentor, name, sessions, minutes, activities, withoutDuration, proxies, breakdowns);
  }

  private List<BufdirActivityTypeBreakdown> readGroups(
      JsonParser p, JsonToken value, Map<UUID, BufdirActivityType> dictionary) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (value != JsonToken.START_ARRAY) {
      throw malformed("activity_types of a record is not an array");
    }
    List<BufdirActivityTypeBreakdown> out = new ArrayList<>(4);
    while (p.nextToken() == JsonToken.START_OBJECT) {
      UUID type = null;
      long sessions = 0;
      long minutes = 0;
      long count = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        switch (field) {
          case "type" -> type = uuid(p, v);
          case "sessions" -> sessions = number(p, v, field);
          case "minutes" -> minutes = number(p, v, field);
          case "count" -> count = number(p, v, field);
          default -> p.skipChildren();
        }
      }
      BufdirActivityType t = type == null ? null : dictionary.get(type);
      if (t == null) {
        throw malformed(
            "a group refers to an activity type that is not in the activity_types dictionary");
      }
      out.add(
          new BufdirActivityTypeBreakdown(t.id(), t.code(), t.name(), sessions, minutes, count));
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      throw malformed("activity_types of a record holds something other than objects");
    }
    return out;
  }

  private UUID uuid(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    String text = text(p, value, "an id");
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw malformed("\"" + text + "\" is not a UUID");
    }
  }

  private String text(JsonParser p, JsonToken value, String field) throws IOException {
    if (value != JsonToken.VALUE_STRING) {
      throw malformed(field + " is not a string");
    }
    return p.getText();
  }

  private long number(JsonParser p, JsonToken value, String field) throws IOException {
    return switch (value) {
      case VALUE_NULL -> 0;
      case VALUE_NUMBER_INT -> p.getLongValue();
      default -> throw malformed(field + " is not a whole number");
    };
  }

  private BufdirSummary summary(
      UUID org,
      ScopeLevel scope,
      LocalDate start,
      LocalDate end,
      BufdirTotals totals,
      List<BufdirActivityType> types,
      List<BufdirMultiChapterMentor> multi) {
    if (org == null || scope == null || start == null || end == null || totals == null) {
      throw malformed(
          "organisation_id, scope, period_start, period_end and totals must come before "
              + "peer_mentor_records");
    }
    if (types == null) {
      throw malformed(
          "the activity_types dictionary must come before peer_mentor_records (is the "
              + "database migrated to 20261204020000_bufdir_type_dictionary?)");
    }
    return new BufdirSummary(org, scope, start, end, totals, types, multi);
  }

  private static Map<UUID, BufdirActivityType> dictionary(List<BufdirActivityType> types) {
    Map<UUID, BufdirActivityType> byId = new HashMap<>(types.size() * 2);
    for (BufdirActivityType t : types) {
      byId.put(t.id(), t);
    }
    return byId;
  }

  private SupabaseClientException malformed(String what) {
    return new SupabaseClientException(
        operation + " returned an unexpected document: " + what, null, false);
  }

  /** Carries an exception the listener threw through the transport, to be rethrown unchanged. */
  static final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenerFailure(RuntimeException cause) {
      super(cause);
    }

    @Override
    public synchronized RuntimeException getCause() {
      return (RuntimeException) super.getCause();
    }
  }
}
