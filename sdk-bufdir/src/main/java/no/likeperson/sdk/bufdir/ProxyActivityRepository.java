package no.likeperson.sdk.bufdir;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.likeperson.sdk.core.CountMode;
import no.likeperson.sdk.core.Order;
import no.likeperson.sdk.core.Page;
import no.likeperson.sdk.core.RequestOptions;
import no.likeperson.sdk.core.SupabaseClient;
import no.likeperson.sdk.core.TableQuery;
import no.likeperson.sdk.core.error.SupabaseClientException;
import no.likeperson.sdk.core.error.SupabaseException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import no.likeperson.sdk.core.error.UnauthorisedAccessException;
import no.likeperson.sdk.core.event.ActivityChanged;
import org.jspecify.annotations.Nullable;

/**
 * Activities a coordinator registers on behalf of (attributed to) a peer mentor (card 002, {@code
 * proxy_activities}): register one or a batch, list by organisation or mentor and period, update or
 * delete one's own, read a record's audit trail. They count for the mentor in every report.
 *
 * <p>Registration is idempotent: each {@link NewProxyActivity} carries a client-generated id and is
 * sent as an upsert that ignores duplicates ({@code Prefer: resolution=ignore-duplicates}), so the
 * SDK may repeat it after a lost response (and so may the caller, with the same value) without ever
 * storing a second row. A batch (a group session for many mentors, a template's occurrences) is ONE
 * request and one statement: all rows are stored or none.
 *
 * <p>Rules: the coordinator is the signed-in user and can never be the mentor (refused before
 * sending); the mentor must be a peer mentor, and the coordinator a coordinator, of the activity's
 * organisation (refused by the database; {@link BufdirException#rule()} names the rule). After each
 * successful write an {@link ActivityChanged} is published on {@link SupabaseClient#changeEvents()}
 * (for an update: one for the old values and one for the new), so caches of statistics refresh.
 *
 * <pre>{@code
 * ProxyActivityRepository proxies = ProxyActivityRepository.create(client);
 * ProxyActivity a =
 *     proxies.register(
 *         NewProxyActivity.of(chapterId, mentorId, "samtale", LocalDate.of(2026, 3, 14), 45));
 *
 * NewProxyActivity group =
 *     NewProxyActivity.of(chapterId, mentors.get(0), "aktivitetsgruppe", day, 90);
 * List<ProxyActivity> all = proxies.registerAll(mentors.stream().map(group::forMentor).toList());
 *
 * Page<ProxyActivity> march =
 *     proxies.listByMentor(
 *         chapterId, mentorId, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 0, 50);
 * Optional<ProxyActivity> changed =
 *     proxies.update(a.id(), ProxyActivityUpdate.empty().withDurationMinutes(60));
 * List<ProxyAuditEntry> trail = proxies.auditTrail(a.id()); // insert, update
 * boolean deleted = proxies.delete(a.id());
 * }</pre>
 *
 * <p>Compiled and run: {@code
 * examples/src/main/java/no/likeperson/examples/snippets/BufdirSnippets.java#proxies}.
 *
 * <p>Immutable and thread-safe; holds no HTTP stack of its own and never closes the client.
 */
public final class ProxyActivityRepository {

  static final String TABLE = "proxy_activities";
  static final String AUDIT = "proxy_audit_log";

  /** The most rows one batch may hold (one request, one statement). */
  public static final int MAX_BATCH = 1000;

  /** The most rows one page may hold (PostgREST's default max-rows). */
  public static final int MAX_PAGE = 1000;

  private static final RequestOptions IDEMPOTENT =
      RequestOptions.builder().idempotent(true).build();

  private final SupabaseClient client;

  private ProxyActivityRepository(SupabaseClient client) {
    this.client = client;
  }

  /**
   * A repository over {@code client} (which it never closes).
   *
   * @throws NullPointerException if {@code client} is null
   */
  public static ProxyActivityRepository create(SupabaseClient client) {
    return new ProxyActivityRepository(Objects.requireNonNull(client, "client == null"));
  }

  // ---------------------------------------------------------------- register

  /**
   * Registers one activity on behalf of its mentor, as the signed-in coordinator. Safe to repeat
   * with the same value: the row is stored once.
   *
   * @return the stored row (also when it had been stored by an earlier attempt)
   * @throws NullPointerException if {@code activity} is null
   * @throws IllegalArgumentException if the mentor is the signed-in coordinator (nothing is sent)
   * @throws UnauthorisedAccessException if the token does not grant the organisation or has no user
   *     (nothing is sent)
   * @throws BufdirException if the database refuses (with {@link BufdirException#rule()} when a
   *     rule did, e.g. the mentor is not a peer mentor of the organisation) or the call fails
   */
  public ProxyActivity register(NewProxyActivity activity) {
    Objects.requireNonNull(activity, "activity == null");
    return registerAll(List.of(activity)).get(0);
  }

  /**
   * Async twin of {@link #register}.
   *
   * @return a future of the stored row, failed with the exceptions the synchronous form throws
   */
  @SuppressWarnings(
      "NullAway") // a null activity fails the future exactly as registerAllAsync(null) does
  public CompletableFuture<ProxyActivity> registerAsync(NewProxyActivity activity) {
    return registerAllAsync(activity == null ? null : List.of(activity)).thenApply(l -> l.get(0));
  }

  /**
   * Registers several activities in ONE request: all are stored or none (one statement). Safe to
   * repeat with the same values.
   *
   * @param activities 1 to {@value #MAX_BATCH} activities with distinct ids
   * @return the stored rows, in the order given
   * @throws NullPointerException if the list or an element is null
   * @throws IllegalArgumentException if the list is empty, too long, repeats an id, or attributes
   *     an activity to the signed-in coordinator (nothing is sent)
   * @throws UnauthorisedAccessException if the token does not grant an organisation or has no user
   *     (nothing is sent)
   * @throws BufdirException if the database refuses any row (nothing is stored) or the call fails
   */
  public List<ProxyActivity> registerAll(List<NewProxyActivity> activities) {
    Batch batch = prepare(activities);
    List<ProxyActivity> stored =
        BufdirException.callWith(
            () -> {
              List<ProxyActivity> inserted = batch.send(client).list(ProxyActivity.class);
              Set<UUID> missing = batch.missing(inserted);
              List<ProxyActivity> earlier =
                  missing.isEmpty()
                      ? List.of()
                      : client.from(TABLE).select("*").in("id", missing).list(ProxyActivity.class);
              return batch.inOrder(inserted, earlier);
            },
            wrap("proxy registration"));
    stored.forEach(this::publish);
    return stored;
  }

  /**
   * Async twin of {@link #registerAll}.
   *
   * @return a future of the stored rows, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<List<ProxyActivity>> registerAllAsync(
      List<NewProxyActivity> activities) {
    return BufdirException.callAsyncWith(
            () -> {
              Batch batch = prepare(activities);
              return batch
                  .send(client)
                  .listAsync(ProxyActivity.class)
                  .thenCompose(
                      inserted -> {
                        Set<UUID> missing = batch.missing(inserted);
                        CompletableFuture<List<ProxyActivity>> earlier =
                            missing.isEmpty()
                                ? CompletableFuture.completedFuture(List.of())
                                : client
                                    .from(TABLE)
                                    .select("*")
                                    .in("id", missing)
                                    .listAsync(ProxyActivity.class);
                        return earlier.thenApply(e -> batch.inOrder(inserted, e));
                      });
            },
            wrap("proxy registration"))
        .thenApply(
            stored -> {
              stored.forEach(this::publish);
              return stored;
            });
  }

  /** The rows to send, validated and guarded. */
  private Batch prepare(List<NewProxyActivity> activities) {
    Objects.requireNonNull(activities, "activities == null");
    if (activities.isEmpty()) {
      throw new IllegalArgumentException("activities is empty; register at least one");
    }
    if (activities.size() > MAX_BATCH) {
      throw new IllegalArgumentException(
          "at most " + MAX_BATCH + " activities per batch, got " + activities.size());
    }
    Set<UUID> ids = new HashSet<>();
    for (NewProxyActivity a : activities) {
      Objects.requireNonNull(a, "activities contains null");
      if (!ids.add(a.id())) {
        throw new IllegalArgumentException("activity id " + a.id() + " appears twice in the batch");
      }
    }
    UUID coordinator = signedInUser();
    for (NewProxyActivity a : activities) {
      if (a.attributedMentorId().equals(coordinator)) {
        throw new IllegalArgumentException(
            "a coordinator cannot attribute an activity to itself "
                + "(attributedMentorId is the signed-in coordinator); attribute it to the peer mentor who did it");
      }
    }
    activities.stream()
        .map(NewProxyActivity::orgId)
        .distinct()
        .forEach(client.orgGuard()::requireAccess);
    return new Batch(List.copyOf(activities), coordinator);
  }

  private UUID signedInUser() {
    Optional<String> sub = client.claims().subject();
    if (!sub.isPresent() || client.claims().isServiceRole()) {
      throw new UnauthorisedAccessException(
          "registering a proxy activity needs a coordinator's own token "
              + "(the coordinator is the signed-in user)");
    }
    try {
      return UUID.fromString(sub.get());
    } catch (IllegalArgumentException e) {
      throw new UnauthorisedAccessException("the access token's subject is not a user id");
    }
  }

  /** One batch: its rows in order and how to send them. */
  private record Batch(List<NewProxyActivity> activities, UUID coordinator) {

    no.likeperson.sdk.core.Mutation send(SupabaseClient client) {
      List<Map<String, Object>> rows = new ArrayList<>(activities.size());
      for (NewProxyActivity a : activities) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", a.id().toString());
        row.put("coordinator_id", coordinator.toString());
        row.put("attributed_mentor_id", a.attributedMentorId().toString());
        row.put("org_id", a.orgId().toString());
        row.put("activity_type", a.activityType());
        row.put("date", a.date().toString());
        row.put("duration_minutes", a.durationMinutes());
        row.put("notes", a.notes());
        row.put("is_recurring", a.recurring());
        row.put("template_id", a.templateId() == null ? null : a.templateId().toString());
        rows.add(row);
      }
      // client-generated ids + ignore-duplicates: a replay after a lost response stores nothing
      // twice
      return client
          .from(TABLE)
          .upsert(rows)
          .onConflict("id")
          .ignoreDuplicates()
          .options(IDEMPOTENT);
    }

    /** Ids the upsert did not return: stored by an earlier attempt (ignored as duplicates). */
    Set<UUID> missing(List<ProxyActivity> inserted) {
      Set<UUID> returned = inserted.stream().map(ProxyActivity::id).collect(Collectors.toSet());
      Set<UUID> missing = new LinkedHashSet<>();
      activities.forEach(
          a -> {
            if (!returned.contains(a.id())) {
              missing.add(a.id());
            }
          });
      return missing;
    }

    List<ProxyActivity> inOrder(List<ProxyActivity> inserted, List<ProxyActivity> earlier) {
      Map<UUID, ProxyActivity> byId = new LinkedHashMap<>();
      inserted.forEach(r -> byId.put(r.id(), r));
      earlier.forEach(r -> byId.putIfAbsent(r.id(), r));
      List<ProxyActivity> out = new ArrayList<>(activities.size());
      for (NewProxyActivity a : activities) {
        ProxyActivity r = byId.get(a.id());
        if (r == null) {
          throw new SupabaseClientException(
              "proxy activity id "
                  + a.id()
                  + " is already used by a row "
                  + "this caller cannot read; register it with a new id",
              null,
              false);
        }
        out.add(r);
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- list

  /**
   * One page of an organisation's proxy activities in an inclusive period, newest first, with the
   * total count ({@link Page#total()}).
   *
   * @param offset rows to skip (0 for the first page)
   * @param limit rows per page, 1 to {@value #MAX_PAGE}
   * @throws NullPointerException if an argument is null (nothing is sent)
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the paging is out of
   *     range
   * @throws UnauthorisedAccessException if the token does not grant {@code orgId} (nothing is sent)
   * @throws BufdirException if the call fails
   */
  public Page<ProxyActivity> listByOrg(
      UUID orgId, LocalDate from, LocalDate to, long offset, int limit) {
    TableQuery q = listQuery(orgId, null, from, to, offset, limit);
    return BufdirException.call(
        "proxy activity list", () -> q.page(ProxyActivity.class, CountMode.EXACT));
  }

  /**
   * Async twin of {@link #listByOrg}.
   *
   * @return a future of the page, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<Page<ProxyActivity>> listByOrgAsync(
      UUID orgId, LocalDate from, LocalDate to, long offset, int limit) {
    return BufdirException.callAsync(
        "proxy activity list",
        () ->
            listQuery(orgId, null, from, to, offset, limit)
                .pageAsync(ProxyActivity.class, CountMode.EXACT));
  }

  /**
   * One page of the proxy activities attributed to one mentor in an organisation and an inclusive
   * period, newest first, with the total count.
   *
   * @throws NullPointerException if an argument is null (nothing is sent)
   * @throws IllegalArgumentException if {@code from} is after {@code to} or the paging is out of
   *     range
   * @throws UnauthorisedAccessException if the token does not grant {@code orgId} (nothing is sent)
   * @throws BufdirException if the call fails
   */
  public Page<ProxyActivity> listByMentor(
      UUID orgId, UUID mentorId, LocalDate from, LocalDate to, long offset, int limit) {
    Objects.requireNonNull(mentorId, "mentorId == null");
    TableQuery q = listQuery(orgId, mentorId, from, to, offset, limit);
    return BufdirException.call(
        "proxy activity list", () -> q.page(ProxyActivity.class, CountMode.EXACT));
  }

  /**
   * Async twin of {@link #listByMentor}.
   *
   * @return a future of the page, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<Page<ProxyActivity>> listByMentorAsync(
      UUID orgId, UUID mentorId, LocalDate from, LocalDate to, long offset, int limit) {
    return BufdirException.callAsync(
        "proxy activity list",
        () -> {
          Objects.requireNonNull(mentorId, "mentorId == null");
          return listQuery(orgId, mentorId, from, to, offset, limit)
              .pageAsync(ProxyActivity.class, CountMode.EXACT);
        });
  }

  private TableQuery listQuery(
      UUID orgId, @Nullable UUID mentorId, LocalDate from, LocalDate to, long offset, int limit) {
    Objects.requireNonNull(orgId, "orgId == null");
    Objects.requireNonNull(from, "from == null");
    Objects.requireNonNull(to, "to == null");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from " + from + " is after to " + to);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be 0 or more, was " + offset);
    }
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + ", was " + limit);
    }
    client.orgGuard().requireAccess(orgId);
    TableQuery q =
        client
            .from(TABLE)
            .select("*")
            .eq("org_id", orgId)
            .gte("date", from.toString())
            .lte("date", to.toString());
    if (mentorId != null) {
      q.eq("attributed_mentor_id", mentorId);
    }
    return q.order("date", Order.DESC).order("id", Order.ASC).offset(offset).limit(limit);
  }

  // ---------------------------------------------------------------- update / delete

  /**
   * Changes one of the signed-in coordinator's own proxy activities. Two requests: the current row
   * is read first (to guard its organisation and to publish the old values), then one {@code PATCH}
   * limited to the caller's own row.
   *
   * @return the changed row, or empty if there is no such row of the signed-in coordinator
   * @throws NullPointerException if an argument is null (nothing is sent)
   * @throws IllegalArgumentException if {@code changes} is empty (nothing is sent)
   * @throws UnauthorisedAccessException if the token does not grant the row's organisation (nothing
   *     is changed)
   * @throws BufdirException if the database refuses (e.g. an unknown activity type code, with
   *     {@link BufdirException#rule()}) or the call fails
   */
  public Optional<ProxyActivity> update(UUID id, ProxyActivityUpdate changes) {
    UUID coordinator = checkUpdate(id, changes);
    Optional<ProxyActivity> old =
        BufdirException.call(
            "proxy activity update",
            () -> ownRow(id, coordinator).maybeSingle(ProxyActivity.class));
    if (!old.isPresent()) {
      return Optional.empty();
    }
    client.orgGuard().requireAccess(old.get().orgId());
    List<ProxyActivity> rows =
        BufdirException.callWith(
            () -> patch(id, coordinator, changes).list(ProxyActivity.class),
            wrap("proxy activity update"));
    return updated(old.get(), rows);
  }

  /**
   * Async twin of {@link #update}.
   *
   * @return a future of the changed row, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<Optional<ProxyActivity>> updateAsync(
      UUID id, ProxyActivityUpdate changes) {
    return BufdirException.callAsyncWith(
        () -> {
          UUID coordinator = checkUpdate(id, changes);
          return ownRow(id, coordinator)
              .maybeSingleAsync(ProxyActivity.class)
              .thenCompose(
                  old -> {
                    if (!old.isPresent()) {
                      return CompletableFuture.completedFuture(Optional.<ProxyActivity>empty());
                    }
                    client.orgGuard().requireAccess(old.get().orgId());
                    return patch(id, coordinator, changes)
                        .listAsync(ProxyActivity.class)
                        .thenApply(rows -> updated(old.get(), rows));
                  });
        },
        wrap("proxy activity update"));
  }

  private UUID checkUpdate(UUID id, ProxyActivityUpdate changes) {
    Objects.requireNonNull(id, "id == null");
    Objects.requireNonNull(changes, "changes == null");
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("changes is empty; set at least one field");
    }
    return signedInUser();
  }

  private no.likeperson.sdk.core.Mutation patch(
      UUID id, UUID coordinator, ProxyActivityUpdate changes) {
    return client.from(TABLE).update(changes).eq("id", id).eq("coordinator_id", coordinator);
  }

  /** Publishes the old and the new values when the PATCH changed the row. */
  private Optional<ProxyActivity> updated(ProxyActivity old, List<ProxyActivity> rows) {
    Optional<ProxyActivity> now = rows.stream().findFirst();
    now.ifPresent(
        n -> {
          publish(old);
          publish(n);
        });
    return now;
  }

  /**
   * Deletes one of the signed-in coordinator's own proxy activities (one request). The audit trail
   * keeps a record of it.
   *
   * @return true if a row was deleted, false if there is no such row of the signed-in coordinator
   * @throws NullPointerException if {@code id} is null (nothing is sent)
   * @throws UnauthorisedAccessException if the token has no user (nothing is sent)
   * @throws BufdirException if the call fails
   */
  public boolean delete(UUID id) {
    Objects.requireNonNull(id, "id == null");
    UUID coordinator = signedInUser();
    List<ProxyActivity> deleted =
        BufdirException.callWith(
            () ->
                client
                    .from(TABLE)
                    .delete()
                    .eq("id", id)
                    .eq("coordinator_id", coordinator)
                    .list(ProxyActivity.class),
            wrap("proxy activity delete"));
    deleted.forEach(this::publish);
    return !deleted.isEmpty();
  }

  /**
   * Async twin of {@link #delete}.
   *
   * @return a future of whether a row was deleted, failed with the exceptions the synchronous form
   *     throws
   */
  public CompletableFuture<Boolean> deleteAsync(UUID id) {
    return BufdirException.callAsyncWith(
            () -> {
              Objects.requireNonNull(id, "id == null");
              UUID coordinator = signedInUser();
              return client
                  .from(TABLE)
                  .delete()
                  .eq("id", id)
                  .eq("coordinator_id", coordinator)
                  .listAsync(ProxyActivity.class);
            },
            wrap("proxy activity delete"))
        .thenApply(
            deleted -> {
              deleted.forEach(this::publish);
              return !deleted.isEmpty();
            });
  }

  private TableQuery ownRow(UUID id, UUID coordinator) {
    return client.from(TABLE).select("*").eq("id", id).eq("coordinator_id", coordinator);
  }

  // ---------------------------------------------------------------- audit

  /**
   * The audit trail of one proxy activity, oldest first (staff of its organisation may read it; an
   * activity the caller may not see has an empty trail).
   *
   * @throws NullPointerException if {@code proxyActivityId} is null (nothing is sent)
   * @throws BufdirException if the call fails
   */
  public List<ProxyAuditEntry> auditTrail(UUID proxyActivityId) {
    TableQuery q = auditQuery(proxyActivityId);
    return BufdirException.call("proxy audit trail", () -> q.list(ProxyAuditEntry.class));
  }

  /**
   * Async twin of {@link #auditTrail}.
   *
   * @return a future of the entries, failed with the exceptions the synchronous form throws
   */
  public CompletableFuture<List<ProxyAuditEntry>> auditTrailAsync(UUID proxyActivityId) {
    return BufdirException.callAsync(
        "proxy audit trail", () -> auditQuery(proxyActivityId).listAsync(ProxyAuditEntry.class));
  }

  private TableQuery auditQuery(UUID proxyActivityId) {
    Objects.requireNonNull(proxyActivityId, "proxyActivityId == null");
    return client
        .from(AUDIT)
        .select("*")
        .eq("proxy_activity_id", proxyActivityId)
        .order("changed_at", Order.ASC)
        .order("id", Order.ASC);
  }

  // ---------------------------------------------------------------- shared

  private void publish(ProxyActivity row) {
    client
        .changeEvents()
        .publish(
            new ActivityChanged(
                row.orgId(), row.attributedMentorId(), row.coordinatorId(), row.date()));
  }

  /** Turns the database's refusals of a proxy write into errors that name the rule. */
  static Function<SupabaseException, BufdirException> wrap(String what) {
    return e -> {
      if (e instanceof SupabaseServiceException s && s.code() != null) {
        String message = s.serverMessage() == null ? "" : s.serverMessage();
        if (s.code().equals("23514")) {
          if (message.startsWith("attributed mentor")) {
            return new BufdirException(
                what,
                "proxy_activities_same_org_attribution",
                "the attributed mentor must be a peer mentor of the activity's organisation",
                e);
          }
          if (message.startsWith("coordinator")) {
            return new BufdirException(
                what,
                "proxy_activities_same_org_attribution",
                "the registering user must be a coordinator of the activity's organisation",
                e);
          }
          if (message.startsWith("activity type")) {
            return new BufdirException(
                what,
                "proxy_activities_activity_type_org",
                "the activity type code must be defined for the organisation or one above it",
                e);
          }
          if (message.startsWith("template")) {
            return new BufdirException(
                what,
                "proxy_activities_template_org",
                "the recurring template must belong to the activity's organisation",
                e);
          }
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("check constraint \"([a-z0-9_]+)\"").matcher(message);
          if (m.find()) {
            return new BufdirException(
                what, m.group(1), "a check of proxy_activities refused the row", e);
          }
        }
        if (s.code().equals("42501")) {
          return new BufdirException(
              what,
              "proxy_activities_insert",
              "a coordinator may write proxy activities only as itself, in an organisation where it is "
                  + "coordinator",
              e);
        }
      }
      return new BufdirException(what, e);
    };
  }

  @Override
  public String toString() {
    return "ProxyActivityRepository{" + client + "}";
  }
}
