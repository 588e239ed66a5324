package no.likeperson.sdk.bufdir;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;

/**
 * The JSON form: the payload's own Jackson document, written as a summary's properties, then the
 * {@code peer_mentor_records} array one record at a time. The property order is the payload's, so
 * the streamed document equals {@code mapper.writeValueAsString(payload)}.
 */
@NullUnmarked // fields filled while a stream is read or written, not yet null-annotated
final class JsonExportSink implements ExportSink {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          // one flush at the end, not one per record
          .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  private final OutputStream out;
  private JsonGenerator json;

  JsonExportSink(OutputStream out) {
    this.out = out;
  }

  @Override
  public void begin(BufdirSummary summary) throws IOException {
    json = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
    json.writeStartObject();
    ObjectNode head = MAPPER.valueToTree(summary);
    for (Map.Entry<String, JsonNode> field : head.properties()) {
      json.writeFieldName(field.getKey());
      MAPPER.writeTree(json, field.getValue());
    }
    json.writeFieldName("peer_mentor_records");
    json.writeStartArray();
  }

  @Override
  public void record(BufdirPeerMentorRecord record) throws IOException {
    MAPPER.writeValue(json, record);
  }

  @Override
  public void end() throws IOException {
    json.writeEndArray();
    json.writeEndObject();
    json.close(); // AUTO_CLOSE_TARGET is off: flushes, leaves the caller's stream open
    out.flush();
  }
}
