package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import no.likeperson.sdk.core.error.SupabaseClientException;

/**
 * The rule for a user's result type: a row whose columns match <em>none</em> of the type's
 * properties fails with a {@link SupabaseClientException} that names both (column names are
 * identifiers, never values); a row that matches some properties leaves the others null (a {@code
 * select} of fewer columns is normal). Maps, {@code JsonNode}, scalars, JDK types and types with a
 * {@code @JsonAnySetter} are not checked.
 */
final class ColumnCheck {

  private static final int MAX_NAMES = 12;

  private ColumnCheck() {}

  static boolean applies(JavaType type) {
    Class<?> raw = type.getRawClass();
    return !type.isContainerType()
        && !type.isReferenceType()
        && !raw.isPrimitive()
        && !raw.isEnum()
        && !raw.isInterface()
        && raw != Object.class
        && !JsonNode.class.isAssignableFrom(raw)
        && !raw.getName().startsWith("java.");
  }

  /**
   * The deserializable property names per mapper and type (empty: not checked). Introspecting a
   * type costs tens of kilobytes and microseconds, so it is done once per mapper and type, not per
   * response; weak keys, so a closed client's mapper is not kept alive.
   */
  private static final Map<ObjectMapper, Map<JavaType, Set<String>>> PROPERTIES =
      Collections.synchronizedMap(new WeakHashMap<>());

  static void requireOverlap(
      ObjectMapper mapper, JavaType type, Set<String> columns, String operation) {
    if (columns.isEmpty()) {
      return;
    }
    Set<String> properties =
        PROPERTIES
            .computeIfAbsent(mapper, m -> new ConcurrentHashMap<>())
            .computeIfAbsent(type, t -> properties(mapper, t));
    if (properties.isEmpty()) {
      return;
    }
    for (String c : columns) {
      if (properties.contains(c)) {
        return;
      }
    }
    throw new SupabaseClientException(
        operation
            + " returned columns of which none is a property of "
            + type.getRawClass().getSimpleName()
            + " (properties "
            + names(properties)
            + "; columns "
            + names(columns)
            + "), so every property would be null. Name each property after its column "
            + "with @JsonProperty(\"org_id\"), or build the client with an ObjectMapper whose naming strategy "
            + "is PropertyNamingStrategies.SNAKE_CASE",
        null,
        false);
  }

  /** The type's deserializable property names; empty when it takes any property or has none. */
  private static Set<String> properties(ObjectMapper mapper, JavaType type) {
    BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
    if (bean.findAnySetterAccessor() != null) {
      return Set.of();
    }
    Set<String> properties = new LinkedHashSet<>();
    for (BeanPropertyDefinition d : bean.findProperties()) {
      if (d.couldDeserialize()) {
        properties.add(d.getName());
      }
    }
    return Collections.unmodifiableSet(properties);
  }

  private static String names(Set<String> names) {
    StringJoiner j = new StringJoiner(", ");
    int i = 0;
    for (String n : names) {
      if (i++ == MAX_NAMES) {
        j.add("…");
        break;
      }
      j.add(n);
    }
    return j.toString();
  }
}
