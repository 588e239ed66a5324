package no.likeperson.sdk.core;

import java.util.Objects;
import java.util.Optional;
import no.likeperson.sdk.core.error.InvalidRequestException;
import org.jspecify.annotations.Nullable;

/**
 * Per-call options: the schema, a count mode, an access token that replaces the provider's for this
 * call, and whether a write is idempotent by construction (and so may be retried). Immutable; build
 * with {@link #builder()}. {@link #toString()} never shows the token.
 *
 * <pre>{@code
 * RequestOptions opts = RequestOptions.builder()
 *     .schema("reporting")
 *     .count(CountMode.EXACT)
 *     .accessToken(serviceJwt)
 *     .build();
 * Page<Row> page = client.from("monthly").options(opts).limit(50).page(Row.class);
 *
 * // an upsert whose rows carry client-generated ids and ignore duplicates may be retried:
 * client.from("proxy_activities").upsert(rows).ignoreDuplicates()
 *     .options(RequestOptions.builder().idempotent(true).build())
 *     .execute();
 * }</pre>
 */
public final class RequestOptions {

  private static final RequestOptions DEFAULTS = new Builder().build();

  private final @Nullable String schema;
  private final @Nullable CountMode count;
  private final @Nullable String accessToken;
  private final boolean idempotent;
  private final boolean rollback;

  private RequestOptions(Builder b) {
    this.schema = b.schema;
    this.count = b.count;
    this.accessToken = b.accessToken;
    this.idempotent = b.idempotent;
    this.rollback = b.rollback;
  }

  /** No overrides: the client's schema, no count, the provider's token, not idempotent. */
  public static RequestOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with no overrides. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.schema = schema;
    b.count = count;
    b.accessToken = accessToken;
    b.idempotent = idempotent;
    b.rollback = rollback;
    return b;
  }

  /** The schema for this call, if it differs from the client's default. */
  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  /** The count mode ({@code Prefer: count=...}), if any. */
  public Optional<CountMode> count() {
    return Optional.ofNullable(count);
  }

  /** The per-call access token, if any. */
  public Optional<String> accessToken() {
    return Optional.ofNullable(accessToken);
  }

  /** Whether the caller declares the write idempotent by construction. */
  public boolean idempotent() {
    return idempotent;
  }

  /** Whether the server is asked to roll the transaction back ({@code Prefer: tx=rollback}). */
  public boolean rollback() {
    return rollback;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RequestOptions r
        && Objects.equals(schema, r.schema)
        && count == r.count
        && Objects.equals(accessToken, r.accessToken)
        && idempotent == r.idempotent
        && rollback == r.rollback;
  }

  @Override
  public int hashCode() {
    return Objects.hash(schema, count, accessToken, idempotent, rollback);
  }

  /** Never prints the token, only whether one is set. */
  @Override
  public String toString() {
    return "RequestOptions{schema="
        + schema
        + ", count="
        + count
        + ", accessToken="
        + (accessToken == null ? "none" : "<redacted>")
        + ", idempotent="
        + idempotent
        + ", rollback="
        + rollback
        + "}";
  }

  /**
   * Builds {@link RequestOptions}.
   *
   * <pre>{@code
   * RequestOptions o = RequestOptions.builder().count(CountMode.PLANNED).build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable String schema;
    private @Nullable CountMode count;
    private @Nullable String accessToken;
    private boolean idempotent;
    private boolean rollback;

    private Builder() {}

    /**
     * The schema ({@code Accept-Profile} for reads, {@code Content-Profile} for writes); null for
     * the client's default.
     *
     * @throws InvalidRequestException if the name is blank or has control or non-ASCII characters
     */
    public Builder schema(@Nullable String schema) {
      if (schema != null) {
        ClientContext.checkSchema(schema);
      }
      this.schema = schema;
      return this;
    }

    /** The count mode; null for none. */
    public Builder count(@Nullable CountMode count) {
      this.count = count;
      return this;
    }

    /**
     * An access token used instead of the provider's for this call; null for the provider's.
     *
     * @throws InvalidRequestException if the token is blank
     */
    public Builder accessToken(@Nullable String accessToken) {
      if (accessToken != null && ClientContext.isBlank(accessToken)) {
        throw new InvalidRequestException("accessToken is blank");
      }
      this.accessToken = accessToken;
      return this;
    }

    /**
     * Declares a write idempotent by construction, so the SDK may retry it after a connection
     * failure. For table writes it is accepted only for upserts with {@code ignoreDuplicates()}
     * whose every row carries its conflict key (a client-generated id); anything else is rejected
     * when sent. For an RPC sent by POST it declares the function read-only or idempotent, so the
     * POST may be retried like a GET.
     */
    public Builder idempotent(boolean idempotent) {
      this.idempotent = idempotent;
      return this;
    }

    /**
     * Asks PostgREST to run the request and roll its transaction back ({@code Prefer:
     * tx=rollback}): a dry run of a write or RPC that still returns what it would have written. The
     * server honours it only when configured with {@code db-tx-end = commit-allow-override} or
     * {@code rollback-allow-override}; otherwise it commits as usual, so never rely on it for
     * safety.
     */
    public Builder rollback(boolean rollback) {
      this.rollback = rollback;
      return this;
    }

    /** The options. */
    public RequestOptions build() {
      return new RequestOptions(this);
    }
  }
}
