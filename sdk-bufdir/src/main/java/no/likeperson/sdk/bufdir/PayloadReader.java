package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
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

  /** A record as sent: groups refer to the dictionary by id. */
  record WireRecord(
      UUID peerMentorId,
      String fullName,
      long sessionCount,
      long durationMinutes,
      long activityCount,
      long activitiesWithoutDuration,
      long proxyActivityCount,
      List<WireGroup> groups) {
    @JsonCreator
    WireRecord(
        @JsonProperty("peer_mentor_id") UUID peerMentorId,
        @JsonProperty("full_name") String fullName,
        @JsonProperty("session_count") long sessionCount,
        @JsonProperty("duration_minutes") long durationMinutes,
        @JsonProperty("activity_count") long activityCount,
        @JsonProperty("activities_without_duration") long activitiesWithoutDuration,
        @JsonProperty("proxy_activity_count") long proxyActivityCount,
        @JsonProperty("activity_types") List<WireGroup> groups) {
      this.peerMentorId = peerMentorId;
      this.fullName = fullName;
      this.sessionCount = sessionCount;
      this.durationMinutes = durationMinutes;
      this.activityCount = activityCount;
      this.activitiesWithoutDuration = activitiesWithoutDuration;
      this.proxyActivityCount = proxyActivityCount;
      this.groups = groups == null ? List.of() : groups;
    }
  }

  /** One mentor x type group as sent (short keys: the most repeated structure of the document). */
  record WireGroup(
      UUID activityTypeId, long sessionCount, long durationMinutes, long activityCount) {
    @JsonCreator
    WireGroup(
        @JsonProperty("type") UUID activityTypeId,
        @JsonProperty("sessions") long sessionCount,
        @JsonProperty("minutes") long durationMinutes,
        @JsonProperty("count") long activityCount) {
      this.activityTypeId = activityTypeId;
      this.sessionCount = sessionCount;
      this.durationMinutes = durationMinutes;
      this.activityCount = activityCount;
    }
  }

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
      WireRecord w = p.readValueAs(WireRecord.class);
      if (w.peerMentorId() == null) {
        throw malformed("a peer mentor record has no peer_mentor_id");
      }
      List<BufdirActivityTypeBreakdown> breakdowns = new ArrayList<>(w.groups().size());
      for (WireGroup g : w.groups()) {
        BufdirActivityType t = dictionary.get(g.activityTypeId());
        if (t == null) {
          throw malformed(
              "a group refers to an activity type that is not in the activity_types dictionary");
        }
        breakdowns.add(
            new BufdirActivityTypeBreakdown(
                t.id(),
                t.code(),
                t.name(),
                g.sessionCount(),
                g.durationMinutes(),
                g.activityCount()));
      }
      BufdirPeerMentorRecord record =
          new BufdirPeerMentorRecord(
              w.peerMentorId(),
              w.fullName(),
              w.sessionCount(),
              w.durationMinutes(),
              w.activityCount(),
              w.activitiesWithoutDuration(),
              w.proxyActivityCount(),
              breakdowns);
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
