package no.likeperson.sdk.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a payload or argument object into a JSON tree with a typed error at every nesting depth.
 * Jackson refuses documents deeper than {@link #MAX_DEPTH} when writing, but its serializers
 * recurse once per level first, so a {@code Map} or {@code JsonNode} nested 5,000 deep ended in a
 * {@code StackOverflowError} instead. The depth is checked here without recursion, before and after
 * Jackson builds the tree; a deep POJO graph that still exhausts the stack becomes the same error.
 *
 * <pre>{@code
 * JsonNode tree = JsonTrees.toTree(mapper, payload, "the activities payload");
 * }</pre>
 */
final class JsonTrees {

  /** Deepest nesting of objects and arrays accepted: Jackson's default write limit. */
  static final int MAX_DEPTH = 1000;

  private JsonTrees() {}

  /**
   * {@code mapper.valueToTree(value)} with every failure as an {@link InvalidRequestException}.
   *
   * @param what names the value in the message, e.g. {@code "the activities payload"}
   * @throws InvalidRequestException if the value nests deeper than {@link #MAX_DEPTH} or Jackson
   *     cannot write it
   */
  static JsonNode toTree(ObjectMapper mapper, Object value, String what) {
    checkDepth(value, what);
    JsonNode tree;
    try {
      tree = mapper.valueToTree(value);
    } catch (StackOverflowError e) {
      // the stack is already unwound to here; nothing half-built escapes
      throw tooDeep(what);
    } catch (InvalidRequestException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidRequestException(what + " cannot be written as JSON", e);
    }
    checkDepth(tree, what);
    return tree;
  }

  private static InvalidRequestException tooDeep(String what) {
    return new InvalidRequestException(
        what + " nests objects/arrays deeper than " + MAX_DEPTH + " levels");
  }

  /**
   * Walks maps, collections, object arrays and JSON containers iteratively; each container is
   * visited once (so shared or cyclic structures end).
   */
  static void checkDepth(Object root, String what) {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object[]> stack = new ArrayDeque<>();
    stack.push(new Object[] {root, 0});
    while (!stack.isEmpty()) {
      Object[] top = stack.pop();
      Object o = top[0];
      int depth = (Integer) top[1];
      Iterator<?> children = children(o);
      if (children == null || !seen.add(o)) {
        continue;
      }
      if (depth + 1 > MAX_DEPTH) {
        throw tooDeep(what);
      }
      while (children.hasNext()) {
        stack.push(new Object[] {children.next(), depth + 1});
      }
    }
  }

  private static @Nullable Iterator<?> children(Object o) {
    if (o instanceof JsonNode n) {
      return n.isContainerNode() ? n.elements() : null;
    }
    if (o instanceof Map<?, ?> m) {
      return m.values().iterator();
    }
    if (o instanceof Collection<?> c) {
      return c.iterator();
    }
    if (o instanceof Object[] a) {
      return java.util.Arrays.asList(a).iterator();
    }
    return null;
  }
}
