package no.likeperson.sdk.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * The {@code order}, {@code limit} and {@code offset} of one level of a read: the top level ({@link
 * TableQuery}) or an embedded resource ({@link ReferencedTable}, whose keys carry its path as a
 * prefix: {@code activities.order=...}). Validates on every call, so a bad value fails where it is
 * written and nothing is sent.
 *
 * <pre>{@code
 * Paging p = new Paging();
 * p.order("activity_date", Order.DESC, null);
 * p.range(0, 9);
 * p.addParams(spec, "activities.");   // activities.order=activity_date.desc&activities.limit=10&activities.offset=0
 * }</pre>
 */
final class Paging {

  private final List<String> orders = new ArrayList<>();
  private @Nullable Long limit;
  private @Nullable Long offset;

  void order(String column, Order direction, @Nullable NullsOrder nulls) {
    Objects.requireNonNull(column, "column == null");
    Objects.requireNonNull(direction, "direction == null");
    String name;
    try {
      name = UrlGrammar.columnName(column);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("invalid order column: " + e.getMessage());
    }
    orders.add(name + "." + direction.token + (nulls == null ? "" : "." + nulls.token));
  }

  void limit(long count) {
    if (count < 0) {
      throw new InvalidRequestException("limit must be >= 0, was " + count);
    }
    this.limit = count;
  }

  void offset(long count) {
    if (count < 0) {
      throw new InvalidRequestException("offset must be >= 0, was " + count);
    }
    this.offset = count;
  }

  void range(long from, long to) {
    if (from < 0 || to < from) {
      throw new InvalidRequestException("range needs 0 <= from <= to, was " + from + ".." + to);
    }
    this.offset = from;
    long span = to - from; // no overflow: 0 <= from <= to
    this.limit = span == Long.MAX_VALUE ? Long.MAX_VALUE : span + 1;
  }

  boolean isEmpty() {
    return orders.isEmpty() && limit == null && offset == null;
  }

  /** Adds {@code <prefix>order}, {@code <prefix>limit}, {@code <prefix>offset} for what was set. */
  void addParams(ClientContext.Spec spec, String prefix) {
    if (!orders.isEmpty()) {
      spec.param(prefix + "order", String.join(",", orders));
    }
    if (limit != null) {
      spec.param(prefix + "limit", Long.toString(limit));
    }
    if (offset != null) {
      spec.param(prefix + "offset", Long.toString(offset));
    }
  }
}
