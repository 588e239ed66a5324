package no.likeperson.testkit.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import no.likeperson.supabase.ScaleOptions;
import no.likeperson.supabase.SeedData;
import no.likeperson.testkit.LocalSupabase;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Assumptions;
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
            absentText(hiddenEmail));
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

  /**
   * The admin of the generated national root of the scale data set against a person and an activity
   * of another national tree, over HTTP: the scope with the most organisations (220 in the small
   * data set, 1,526 at NHF size). Only with {@code -Dside.channel.national=true}; NHF-sized data
   * with {@code -Dnhf=true} (a few minutes to generate).
   */
  @Test
  void nationalAdmin_hiddenMatchVersusNoMatch() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("side.channel.national"), "-Dside.channel.national=true runs it");
    ScaleOptions scale = Boolean.getBoolean("nhf") ? ScaleOptions.nhf() : ScaleOptions.small();
    try (LocalSupabase supabase = LocalSupabase.builder().scale(scale).start()) {
      String[] target;
      try (Connection c =
              DriverManager.getConnection(
                  supabase.jdbcUrl(), supabase.databaseUser(), supabase.databasePassword());
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select organisations, admin_id, person_id, person_email, activity_org_id,"
                      + " activity_day from app_scale.side_channel_targets(app_scale.root_org_id("
                      + scale.seed()
                      + "))")) {
        rs.next();
        target = new String[6];
        for (int i = 0; i < target.length; i++) {
          target[i] = rs.getString(i + 1);
        }
      }
      OkHttpClient http = new OkHttpClient();
      System.out.printf(
          "%nGateway side channel, national admin (scope of %d organisations), %d requests per"
              + " case over HTTP, stack %s%n",
          Long.parseLong(target[0]), REQUESTS, supabase);
      String token = supabase.tokenFor(UUID.fromString(target[1]));
      // absent values that differ from the hidden ones only in their last character
      probe(
          http,
          supabase,
          token,
          "national admin, users.id",
          "/rest/v1/users?select=id&id=eq.",
          target[2],
          absentUuid(target[2]));
      probe(
          http,
          supabase,
          token,
          "national admin, users.email",
          "/rest/v1/users?select=id&email=eq.",
          target[3],
          absentText(target[3]));
      probe(
          http,
          supabase,
          token,
          "national admin, activities.org_id+date",
          "/rest/v1/activities?select=id&org_id=eq." + target[4] + "&activity_date=eq.",
          target[5],
          "2099-01-01");
    }
  }

  /**
   * An address nobody has that differs from {@code hidden} only in its last character. Text
   * equality rejects a value of another length before comparing bytes, and compares bytes up to the
   * first difference: an absent value of another length, or differing early, is cheaper to reject
   * on every row a sequential scan reads (tens of microseconds over 5,000 rows), a difference that
   * is not the policy's.
   */
  private static String absentText(String hidden) {
    char last = hidden.charAt(hidden.length() - 1);
    return hidden.substring(0, hidden.length() - 1) + (last == '#' ? '%' : '#');
  }

  /** A uuid nobody has, differing from {@code id} in its last digit. */
  private static String absentUuid(String id) {
    char last = id.charAt(id.length() - 1);
    return id.substring(0, id.length() - 1) + (last == '0' ? '1' : '0');
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
