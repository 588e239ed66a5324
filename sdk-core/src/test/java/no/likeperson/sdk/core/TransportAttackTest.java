package no.likeperson.sdk.core;

import static no.likeperson.sdk.core.TestSupport.BODY;
import static no.likeperson.sdk.core.TestSupport.NOW;
import static no.likeperson.sdk.core.TestSupport.config;
import static no.likeperson.sdk.core.TestSupport.get;
import static no.likeperson.sdk.core.TestSupport.json;
import static no.likeperson.sdk.core.TestSupport.userToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import no.likeperson.sdk.core.error.AuthenticationException;
import no.likeperson.sdk.core.error.InvalidRequestException;
import no.likeperson.sdk.core.error.ServiceUnavailableException;
import no.likeperson.sdk.core.error.SupabaseServiceException;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** A hostile token store or a hostile / broken server must not get the transport to misbehave. */
class TransportAttackTest {

  @StartStop final MockWebServer server = MockServers.noDelay();

  private final String token = userToken("u", NOW.plusSeconds(3600));

  @Test
  void tokenWithCrlf_isRejectedBeforeSending_withoutEchoingIt() {
    String injected = token + "\r\nX-Injected: yes";
    try (Transport t =
        Transports.create(config(server).tokenProvider(AccessTokenProvider.of(injected)).build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageNotContaining(token)
          .hasMessageNotContaining("Injected");
      assertThat(t.executeAsync(get(server, "/rest/v1/activities"), BODY))
          .failsWithin(Duration.ofSeconds(30))
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .withCauseInstanceOf(InvalidRequestException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void tokenOverrideWithNonAscii_isRejectedBeforeSending() {
    WireRequest r =
        new WireRequest(
            "GET",
            server.url("/rest/v1/activities"),
            Headers.of(),
            null,
            true,
            "GET /rest/v1/activities",
            "æøå.token.x");
    try (Transport t =
        Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build())) {
      assertThatThrownBy(() -> t.execute(r, BODY)).isInstanceOf(InvalidRequestException.class);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void hugeErrorBody_isReadOnlyUpToTheLimit() {
    String huge = "{\"code\":\"P0001\",\"message\":\"" + "A".repeat(5_000_000) + "\"}";
    server.enqueue(
        new MockResponse.Builder()
            .code(400)
            .setHeader("Content-Type", "application/json")
            .body(huge)
            .build());
    try (Transport t =
        Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOfSatisfying(
              SupabaseServiceException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.serverMessage())
                    .hasSizeLessThanOrEqualTo(ErrorMapper.MAX_RAW_BODY_CHARS + 1);
              });
    }
  }

  @Test
  void endless503_withHugeRetryAfter_isBoundedByAttemptsAndCap() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(
          new MockResponse.Builder(TestSupport.error(503, "PGRST000", "down"))
              .setHeader("Retry-After", "31536000")
              .build());
    }
    TestSupport.RecordingSleeper sleeper = new TestSupport.RecordingSleeper();
    try (Transport t =
        Transports.create(
            config(server)
                .tokenProvider(AccessTokenProvider.of(token))
                .retry(RetrySettings.defaults())
                .sleeper(sleeper)
                .build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(ServiceUnavailableException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits)
        .hasSize(2)
        .allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void endless401_withEverChangingTokens_replaysOnlyOnce() {
    AtomicInteger n = new AtomicInteger();
    AccessTokenProvider churning =
        new AccessTokenProvider() {
          @Override
          public String accessToken() {
            return userToken("u" + n.get(), NOW.plusSeconds(3600));
          }

          @Override
          public String refreshAccessToken() {
            return userToken("u" + n.incrementAndGet(), NOW.plusSeconds(3600));
          }
        };
    for (int i = 0; i < 5; i++) {
      server.enqueue(TestSupport.error(401, "PGRST301", "JWSError JWSInvalidSignature"));
    }
    try (Transport t = Transports.create(config(server).tokenProvider(churning).build())) {
      assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
          .isInstanceOf(AuthenticationException.class);
    }
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(n).hasValue(1);
  }

  @Test
  void redirectToOtherHost_isNotFollowed_soCredentialsStayHome() throws Exception {
    try (MockWebServer evil = new MockWebServer()) {
      evil.start();
      evil.enqueue(json(200, "[]"));
      server.enqueue(
          new MockResponse.Builder()
              .code(302)
              .setHeader("Location", evil.url("/steal").toString())
              .build());
      try (Transport t =
          Transports.create(config(server).tokenProvider(AccessTokenProvider.of(token)).build())) {
        assertThatThrownBy(() -> t.execute(get(server, "/rest/v1/activities"), BODY))
            .isInstanceOfSatisfying(
                SupabaseServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(302));
      }
      assertThat(evil.getRequestCount()).isZero();
    }
  }
}
