package no.likeperson.sdk.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The row filters shared by reads ({@link TableQuery}) and writes ({@link Mutation}): each method
 * adds one filter, and all filters are AND-ed. Values are encoded per PostgREST's URL grammar; see
 * {@link Filter} for the value types and {@code or}/{@code and}/{@code not} groups.
 *
 * <pre>{@code
 * client.from("activities")
 *     .eq("org_id", orgId)
 *     .gte("activity_date", LocalDate.of(2026, 1, 1))
 *     .in("activity_type_id", List.of(t1, t2))
 *     .not(Filter.is("cancelled", true))
 *     .list(Activity.class);
 * }</pre>
 *
 * <p>Builders are mutable and not thread-safe: build and send a request on one thread.
 *
 * @param <B> the concrete builder type
 */
public abstract class FilterBuilder<B extends FilterBuilder<B>> {

  final List<Filter> filters = new ArrayList<>();

  FilterBuilder() {}

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Adds a filter or group.
   *
   * @throws NullPointerException if {@code filter} is null
   */
  public B filter(Filter filter) {
    filters.add(Objects.requireNonNull(filter, "filter == null"));
    return self();
  }

  /**
   * {@code column = value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B eq(String column, Object value) {
    return filter(Filter.eq(column, value));
  }

  /**
   * {@code column <> value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B neq(String column, Object value) {
    return filter(Filter.neq(column, value));
  }

  /**
   * {@code column > value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B gt(String column, Object value) {
    return filter(Filter.gt(column, value));
  }

  /**
   * {@code column >= value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B gte(String column, Object value) {
    return filter(Filter.gte(column, value));
  }

  /**
   * {@code column < value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B lt(String column, Object value) {
    return filter(Filter.lt(column, value));
  }

  /**
   * {@code column <= value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B lte(String column, Object value) {
    return filter(Filter.lte(column, value));
  }

  /**
   * {@code column LIKE pattern} ({@code *} is the wildcard).
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException if pattern is null
   * @throws NullPointerException if {@code column} is null
   */
  public B like(String column, String pattern) {
    return filter(Filter.like(column, pattern));
  }

  /**
   * {@code column ILIKE pattern}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException if pattern is null
   * @throws NullPointerException if {@code column} is null
   */
  public B ilike(String column, String pattern) {
    return filter(Filter.ilike(column, pattern));
  }

  /**
   * {@code column IS NULL/TRUE/FALSE} ({@code null} = IS NULL).
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for an invalid column
   * @throws NullPointerException if {@code column} is null
   */
  public B is(String column, Boolean value) {
    return filter(Filter.is(column, value));
  }

  /**
   * {@code column IS NULL}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for an invalid column
   * @throws NullPointerException if {@code column} is null
   */
  public B isNull(String column) {
    return filter(Filter.isNull(column));
  }

  /**
   * {@code column IS NOT NULL}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for an invalid column
   * @throws NullPointerException if {@code column} is null
   */
  public B isNotNull(String column) {
    return filter(Filter.isNotNull(column));
  }

  /**
   * {@code column = ANY(values)}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for null or unsupported elements
   * @throws NullPointerException if {@code column} is null
   */
  public B in(String column, Collection<?> values) {
    return filter(Filter.in(column, values));
  }

  /**
   * {@code column @> value} (array, range or jsonb).
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B contains(String column, Object value) {
    return filter(Filter.contains(column, value));
  }

  /**
   * {@code column <@ value}.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException for a null or unsupported value
   * @throws NullPointerException if {@code column} is null
   */
  public B containedBy(String column, Object value) {
    return filter(Filter.containedBy(column, value));
  }

  /**
   * Adds the negation of {@code filter}.
   *
   * @throws NullPointerException if filter is null
   */
  public B not(Filter filter) {
    return filter(Filter.not(filter));
  }

  /**
   * Adds an {@code or} group.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException if empty
   */
  public B or(Filter... filters) {
    return filter(Filter.or(filters));
  }

  /**
   * Adds an {@code and} group.
   *
   * @throws no.likeperson.sdk.core.error.InvalidRequestException if empty
   */
  public B and(Filter... filters) {
    return filter(Filter.and(filters));
  }

  void addFilterParams(ClientContext ctx, ClientContext.Spec spec) {
    for (Filter f : filters) {
      spec.param(f.queryKey(), f.queryValue(ctx.mapper));
    }
  }
}
