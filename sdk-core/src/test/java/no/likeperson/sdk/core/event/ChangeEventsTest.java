package no.likeperson.sdk.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.likeperson.sdk.core.SupabaseClient;
import org.junit.jupiter.api.Test;

class ChangeEventsTest {

  private static final UUID ORG = UUID.fromString("00000000-0000-4000-8000-000000000001");
  private static final UUID MENTOR = UUID.fromString("00000000-0000-4000-8000-000000000002");
  private static final LocalDate DAY = LocalDate.of(2026, 3, 14);

  @Test
  void deliversSynchronouslyInSubscriptionOrderUntilClosed() {
    ChangeEvents bus = new ChangeEvents();
    List<String> seen = new ArrayList<>();
    ChangeEvents.Subscription a = bus.subscribe(e -> seen.add("a:" + e.orgId()));
    bus.subscribe(e -> seen.add("b:" + e.getClass().getSimpleName()));
    bus.publish(new ActivityChanged(ORG, MENTOR, null, DAY));
    assertThat(seen).containsExactly("a:" + ORG, "b:ActivityChanged");

    a.close();
    a.close(); // idempotent
    seen.clear();
    bus.publish(new ReimbursementChanged(ORG, MENTOR));
    assertThat(seen).containsExactly("b:ReimbursementChanged");
    assertThat(bus.subscriberCount()).isEqualTo(1);
  }

  @Test
  void aFailingSubscriberNeitherFailsThePublisherNorStopsTheOthers() {
    ChangeEvents bus = new ChangeEvents();
    AtomicInteger after = new AtomicInteger();
    bus.subscribe(
        e -> {
          throw new IllegalStateException("boom");
        });
    bus.subscribe(e -> after.incrementAndGet());
    bus.publish(new ReimbursementChanged(ORG, MENTOR));
    assertThat(after).hasValue(1);
  }

  @Test
  void aSubscriberMayUnsubscribeWhileBeingCalled() {
    ChangeEvents bus = new ChangeEvents();
    AtomicInteger calls = new AtomicInteger();
    ChangeEvents.Subscription[] self = new ChangeEvents.Subscription[1];
    self[0] =
        bus.subscribe(
            e -> {
              calls.incrementAndGet();
              self[0].close();
            });
    bus.publish(new ReimbursementChanged(ORG, MENTOR));
    bus.publish(new ReimbursementChanged(ORG, MENTOR));
    assertThat(calls).hasValue(1);
  }

  @Test
  void concurrentPublishersAndSubscribersLoseNothing() throws Exception {
    ChangeEvents bus = new ChangeEvents();
    AtomicInteger received = new AtomicInteger();
    bus.subscribe(e -> received.incrementAndGet());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            for (int i = 0; i < 1000; i++) {
              bus.publish(new ActivityChanged(ORG, MENTOR, MENTOR, DAY));
              bus.subscribe(e -> {}).close();
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(received).hasValue(8000);
    assertThat(bus.subscriberCount()).isEqualTo(1);
  }

  @Test
  void eventsValidateAndCompareByValue() {
    assertThatThrownBy(() -> new ActivityChanged(null, MENTOR, null, DAY))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("orgId == null");
    assertThatThrownBy(() -> new ActivityChanged(ORG, null, null, DAY))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("mentorId == null");
    assertThatThrownBy(() -> new ActivityChanged(ORG, MENTOR, null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("date == null");
    assertThatThrownBy(() -> new ReimbursementChanged(ORG, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId == null");
    assertThat(new ActivityChanged(ORG, MENTOR, null, DAY))
        .isEqualTo(new ActivityChanged(ORG, MENTOR, null, DAY));
    assertThat(new ActivityChanged(ORG, MENTOR, null, DAY).coordinator()).isEmpty();
    assertThat(new ActivityChanged(ORG, MENTOR, MENTOR, DAY).coordinator()).contains(MENTOR);
    assertThatThrownBy(() -> new ChangeEvents().publish(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ChangeEvents().subscribe(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void eachClientHasItsOwnBus() {
    try (SupabaseClient a = SupabaseClient.builder().url("http://127.0.0.1:9").apiKey("k").build();
        SupabaseClient b = SupabaseClient.builder().url("http://127.0.0.1:9").apiKey("k").build()) {
      AtomicInteger onB = new AtomicInteger();
      b.changeEvents().subscribe(e -> onB.incrementAndGet());
      a.changeEvents().publish(new ReimbursementChanged(ORG, MENTOR));
      assertThat(onB).hasValue(0);
      assertThat(a.changeEvents()).isSameAs(a.changeEvents());
    }
  }
}
