package no.likeperson.testkit.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.LocalSupabase;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * The timing side channel of attack finding 2 (docs/hardening.md, item 2) measured end to end over
 * HTTP through the local stack's gateway, as an attacker would: a seeded Oslo mentor and
 * coordinator ask for {@code users?email=eq.<a Trondheim address>} versus an absent address, and
 * for {@code activities?org_id=eq.<Trondheim>&activity_date=eq.<a day with only a Trondheim
 * activity>} versus an empty day; the two cases interleaved at random on one keep-alive connection.
 * Prints mean, standard deviation, median and Welch's t per probe; asserts nothing (run it
 * explicitly: {@code mvn -pl sdk-testkit -am test -Dtest=GatewaySideChannelBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dside.channel.requests=10000}).
 */
class GatewaySideChannelBenchmark {

  private static final int REQUESTS = Integer.getInteger("side.channel.requests", 10_000);
  private static final int WARMUP = 500;
  private static final String HIDDEN_DAY = "2031-03-03";

  @Test
  void hiddenMatchVersusNoMatch() throws Exception {
    try (LocalSupabase supabase = LocalSupabase.builder().start()) {
      String hiddenEmail;
      try (Connection c =
              DriverManager.getConnection(
                  supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
          Statement st = c.createStatement()) {
        try (ResultSet rs =
            st.executeQuery(
                "select email from public.users where org_id = '"
                    + SeedData.ORG_TRONDHEIM
                    + "' and email is not null limit 1")) {
          rs.next();
          hiddenEmail = rs.getString(1);
        }
        st.execute(
            "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date,"
                + " duration_minutes, session_count, participant_count)"
                + " select org_id, peer_mentor_id, activity_type_id, date '"
                + HIDDEN_DAY
                + "', 60, 1, 1"
                + " from public.activities where org_id = '"
                + SeedData.ORG_TRONDHEIM
                + "' limit 1");
      }
      OkHttpClient http = new OkHttpClient();
      System.out.printf(
          "%nGateway side channel, %d requests per case over HTTP, stack %s%n", REQUESTS, supabase);
      for (UUID caller : new UUID[] {SeedData.MENTOR_OSLO, SeedData.COORD_OSLO}) {
        String who = caller.equals(SeedData.MENTOR_OSLO) ? "mentor Oslo" : "coordinator Oslo";
        String token = supabase.tokenFor(caller);
        probe(
            http,
            supabase,
            token,
            who + ", users.email",
            "/rest/v1/users?select=id&email=eq.",
            hiddenEmail,
            // an absent address of the same length: text equality rejects another length before
            // comparing bytes, which would make the absent case cheaper for a reason not the
            // policy's
            "x" + hiddenEmail.substring(1).replace('@', '#'));
        probe(
            http,
            supabase,
            token,
            who + ", activities.org_id+date",
            "/rest/v1/activities?select=id&org_id=eq."
                + SeedData.ORG_TRONDHEIM
                + "&activity_date=eq.",
            HIDDEN_DAY,
            "2099-01-01");
      }
    }
  }

  private static void probe(
      OkHttpClient http,
      LocalSupabase supabase,
      String token,
      String label,
      String path,
      String hidden,
      String absent)
      throws Exception {
    Request hiddenReq = request(supabase, token, path + hidden);
    Request absentReq = request(supabase, token, path + absent);
    Random random = new Random(42);
    double[] a = new double[REQUESTS];
    double[] b = new double[REQUESTS];
    int na = 0;
    int nb = 0;
    for (int i = 0; na < REQUESTS || nb < REQUESTS; i++) {
      boolean hiddenCase = nb >= REQUESTS || (na < REQUESTS && random.nextBoolean());
      long t0 = System.nanoTime();
      try (Response r = http.newCall(hiddenCase ? hiddenReq : absentReq).execute()) {
        String body = r.body().string();
        if (r.code() != 200 || !body.equals("[]")) {
          throw new IllegalStateException(label + ": " + r.code() + " " + body);
        }
      }
      double micros = (System.nanoTime() - t0) / 1_000.0;
      if (i < WARMUP) {
        continue;
      }
      if (hiddenCase) {
        a[na++] = micros;
      } else {
        b[nb++] = micros;
      }
    }
    double ma = mean(a);
    double mb = mean(b);
    double sa = sd(a, ma);
    double sb = sd(b, mb);
    double t = (ma - mb) / Math.sqrt(sa * sa / a.length + sb * sb / b.length);
    System.out.printf(
        "%-40s hidden match: mean %8.1f us sd %8.1f median %8.1f | no match: mean %8.1f us sd %8.1f"
            + " median %8.1f | diff %7.1f us, Welch t %6.2f%n",
        label, ma, sa, median(a), mb, sb, median(b), ma - mb, t);
  }

  private static Request request(LocalSupabase supabase, String token, String pathAndQuery) {
    return new Request.Builder()
        .url(supabase.apiUrl() + pathAndQuery)
        .header("apikey", supabase.anonKey())
        .header("Authorization", "Bearer " + token)
        .build();
  }

  private static double mean(double[] x) {
    return Arrays.stream(x).average().orElse(Double.NaN);
  }

  private static double sd(double[] x, double mean) {
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return Math.sqrt(s / (x.length - 1));
  }

  private static double median(double[] x) {
    double[] c = x.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
