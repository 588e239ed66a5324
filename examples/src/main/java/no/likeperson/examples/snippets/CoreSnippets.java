package no.likeperson.examples.snippets;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import no.likeperson.sdk.core.AccessTokenProvider;
import no.likeperson.sdk.core.CircuitBreakerSettings;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.Order;
import no.likeperson.sdk.core.RetrySettings;
import no.likeperson.sdk.core.SupabaseClient;
import okhttp3.OkHttpClient;

/**
 * The sdk-core examples of the README ("Underneath, sdk-core is a complete PostgREST client") and
 * of the javadoc of {@code SupabaseClient}, {@code TableQuery} and {@code RpcCall}, compiled and
 * run by {@code CoreSnippetsTest} against the local stack. Each javadoc or README block is the code
 * between one {@code tag::} and {@code end::} comment pair here, checked by {@code
 * DocumentedSnippetsTest}.
 *
 * <pre>{@code
 * CoreSnippets.TableQueryResult r = CoreSnippets.tableQuery(coordinator, chapterId, chapterId);
 * }</pre>
 */
public final class CoreSnippets {

  private CoreSnippets() {}

  /** What {@link #supabaseClient} read. */
  public record ClientResult(List<Activity> rows, long count, JsonNode marker) {
    /** Copies {@code rows}. */
    public ClientResult {
      rows = List.copyOf(rows);
    }
  }

  /**
   * {@code SupabaseClient}'s javadoc example: builds a client for a user's token, reads, counts,
   * calls an RPC and asks the org guard.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.core.error.SupabaseException if the server refuses or cannot be
   *     reached
   */
  public static ClientResult supabaseClient(
      String url, String anonKey, String userJwt, OkHttpClient shared, UUID orgId) {
    // tag::supabase-client[]
    SupabaseClient client =
        SupabaseClient.builder()
            .url(url) // REST at {url}/rest/v1
            .apiKey(anonKey)
            .accessTokenProvider(AccessTokenProvider.of(userJwt))
            .okHttpClient(shared) // optional: share your pool
            .retry(RetrySettings.defaults())
            .circuitBreaker(CircuitBreakerSettings.defaults())
            .build();

    List<Activity> rows =
        client
            .from("activities")
            .select("id,org_id,activity_date")
            .eq("org_id", orgId)
            .order("activity_date", Order.DESC)
            .limit(25)
            .list(Activity.class);
    long n = client.from("activities").eq("org_id", orgId).count(CountMode.EXACT);
    JsonNode marker =
        client.rpc("stats_change_marker", Map.of("p_org_id", orgId)).single(JsonNode.class);
    client.orgGuard().requireAccess(orgId); // UnauthorisedAccessException before any request
    // end::supabase-client[]
    client.close();
    return new ClientResult(rows, n, marker);
  }

  /** What {@link #tableQuery} read. */
  public record TableQueryResult(
      List<Activity> rows, long count, Optional<Org> org, Org one, List<Activity> all) {
    /** Copies the lists. */
    public TableQueryResult {
      rows = List.copyOf(rows);
      all = List.copyOf(all);
    }
  }

  /**
   * {@code TableQuery}'s javadoc example: a filtered read, a count, single rows, an async read.
   *
   * @throws no.likeperson.sdk.core.error.NotExactlyOneRowException if no organisation has {@code
   *     id}
   * @throws no.likeperson.sdk.core.error.SupabaseException if the server refuses or cannot be
   *     reached
   */
  public static TableQueryResult tableQuery(SupabaseClient client, UUID orgId, UUID id) {
    // tag::table-query[]
    List<Activity> rows =
        client
            .from("activities")
            .select("id,org_id,activity_date")
            .eq("org_id", orgId)
            .gte("activity_date", LocalDate.of(2026, 1, 1))
            .order("activity_date", Order.DESC)
            .limit(25)
            .list(Activity.class);

    long n = client.from("activities").eq("org_id", orgId).count(CountMode.EXACT); // HEAD
    Optional<Org> org = client.from("organisations").eq("id", id).maybeSingle(Org.class);
    Org one = client.from("organisations").eq("id", id).single(Org.class); // 406 PGRST116 if not 1
    CompletableFuture<List<Activity>> later = client.from("activities").listAsync(Activity.class);
    // end::table-query[]
    return new TableQueryResult(rows, n, org, one, later.join());
  }

  /** What {@link #rpcCall} got. */
  public record RpcResult(JsonNode payload, long marker, List<UUID> subtree) {
    /** Copies {@code subtree}. */
    public RpcResult {
      subtree = List.copyOf(subtree);
    }
  }

  /**
   * {@code RpcCall}'s javadoc example: an object result, a read-only GET with a scalar result, an
   * array result ({@code admin} is an org admin's client).
   *
   * @throws no.likeperson.sdk.core.error.SupabaseException if the server refuses or cannot be
   *     reached
   */
  public static RpcResult rpcCall(SupabaseClient client, SupabaseClient admin, UUID chapterId) {
    // tag::rpc-call[]
    JsonNode payload =
        client
            .rpc(
                "aggregate_activities_for_org",
                Map.of(
                    "p_org_id", chapterId,
                    "p_period_start", "2026-01-01",
                    "p_period_end", "2026-12-31",
                    "p_scope", "chapter")) // chapter, region or national
            .single(JsonNode.class); // object (or scalar) result
    long marker =
        client
            .rpc("stats_change_marker", Map.of("p_org_id", chapterId))
            .readOnly() // GET: a read-only transaction, retried like a read
            .single(Long.class);
    List<UUID> subtree = admin.rpc("admin_org_subtree").list(UUID.class); // array result
    // end::rpc-call[]
    return new RpcResult(payload, marker, subtree);
  }

  /** What {@link #tour} read. */
  public record TourResult(
      List<Activity> recent, List<OrgWithActivities> orgs, long count, JsonNode marker) {
    /** Copies the lists. */
    public TourResult {
      recent = List.copyOf(recent);
      orgs = List.copyOf(orgs);
    }
  }

  /**
   * The README's tour of sdk-core: reads, embedding, a count, the org guard, an RPC.
   *
   * @throws no.likeperson.sdk.core.error.UnauthorisedAccessException if a token does not grant the
   *     organisation (nothing is sent)
   * @throws no.likeperson.sdk.core.error.SupabaseException if the server refuses or cannot be
   *     reached
   */
  public static TourResult tour(SupabaseClient client, UUID chapterId) {
    // tag::core-tour[]
    // typed reads with PostgREST filters (Activity: your own record with the columns you select)
    List<Activity> recent =
        client
            .from("activities")
            .select("id,org_id,activity_date")
            .eq("org_id", chapterId)
            .gte("activity_date", LocalDate.of(2026, 1, 1))
            .order("activity_date", Order.DESC)
            .limit(25)
            .list(Activity.class);

    // embedded resources decode into nested records; referenced(...) filters, sorts and pages them
    // (OrgWithActivities: your record with a List<Activity> activities; see docs/core-api.md)
    List<OrgWithActivities> orgs =
        client
            .from("organisations")
            .select("id,name,activities(id,activity_date)")
            .referenced("activities", a -> a.order("activity_date", Order.DESC).limit(3))
            .list(OrgWithActivities.class);

    // a count without rows (HEAD + Prefer: count=exact)
    long n = client.from("activities").eq("org_id", chapterId).count(CountMode.EXACT);

    // fail fast when the token does not grant this org (the refused request is never sent); an org
    // admin is granted its whole subtree, which the guard asks the server for once per token
    client.orgGuard().requireAccess(chapterId);

    // any RPC, stream-parsed into any Jackson-mappable type
    JsonNode marker =
        client.rpc("stats_change_marker", Map.of("p_org_id", chapterId)).single(JsonNode.class);
    // end::core-tour[]
    return new TourResult(recent, orgs, n, marker);
  }
}
