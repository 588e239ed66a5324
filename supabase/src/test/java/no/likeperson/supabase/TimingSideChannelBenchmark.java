package no.likeperson.supabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Measures the timing side channel of attack finding 2: a filter on a leakproof comparison ({@code
 * email = 'x'}, {@code activity_date = d}) is evaluated before RLS, and the policy's subqueries run
 * only when some (invisible) row matches, so "a hidden row matches" costs more than "nothing
 * matches". Each request is what PostgREST sends (one transaction: set_config of role and claims,
 * the query, commit) on one authenticator connection, timed end to end; the two cases are
 * interleaved at random. Prints means, standard deviations, medians, 1%-trimmed means and Welch's t
 * for every probe; asserts nothing (run it explicitly: {@code mvn -pl supabase -am test
 * -Dtest=TimingSideChannelBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dside.channel.requests=10000}). With {@code -Dside.channel.national=true} it also measures a
 * national admin on the scale data set ({@link SharedScaleDatabase}: small, or NHF-sized with
 * {@code -Dnhf=true}), whose scope is too large for the pre-request to list its people.
 */
class TimingSideChannelBenchmark {

  private static final int REQUESTS = Integer.getInteger("side.channel.requests", 10_000);
  private static final int WARMUP = 500;

  /** Which probes run: any of {@code email}, {@code date}, {@code orgdate} (comma-separated). */
  private static final String PROBES =
      System.getProperty("side.channel.probes", "email,date,orgdate");

  /**
   * The {@code db-pre-request} function called after the settings, as the gateway and PostgREST do:
   * {@code auto} (default) calls {@code app.pre_request()} when the database has it, {@code none}
   * calls nothing (the helpers then compute the caller's sets inside the query), or a function
   * name.
   */
  private static final String PRE_REQUEST = System.getProperty("side.channel.preRequest", "auto");

  @Test
  void hiddenMatchVersusNoMatch() throws Exception {
    LocalDatabase db = SharedDatabase.seeded();
    String hiddenEmail;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      // a user of another organisation, invisible to the Oslo mentor and coordinator
      hiddenEmail =
          (String)
              tx.scalar(
                  "select email from public.users where org_id = ? limit 1",
                  SeedData.ORG_TRONDHEIM);
    }
    // a day with one activity of another organisation only (removed again at the end)
    String hiddenDay = "2031-03-03";
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "insert into public.activities (org_id, peer_mentor_id, activity_type_id, activity_date,"
              + " duration_minutes, session_count, participant_count)"
              + " select org_id, peer_mentor_id, activity_type_id, date '"
              + hiddenDay
              + "', 60, 1, 1"
              + " from public.activities where org_id = '"
              + SeedData.ORG_TRONDHEIM
              + "' limit 1");
    }
    try {
      measure(db, hiddenEmail, hiddenDay);
    } finally {
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        st.execute("delete from public.activities where activity_date = date '" + hiddenDay + "'");
      }
    }
  }

  /**
   * The admin of the generated national root of the scale data set against a person and an activity
   * of another national tree: the scope has hundreds of organisations (1,526 at NHF size), more
   * than the pre-request lists people for, so {@code users_select} takes its large-scope branch.
   * Only with {@code -Dside.channel.national=true} (the scale data set takes a minute to generate,
   * several at NHF size).
   */
  @Test
  void nationalAdmin_hiddenMatchVersusNoMatch() throws Exception {
    Assumptions.assumeTrue(
        Boolean.getBoolean("side.channel.national"), "-Dside.channel.national=true runs it");
    LocalDatabase db = SharedScaleDatabase.get();
    Map<String, Object> target;
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      target =
          tx.query(
                  "select * from app_scale.side_channel_targets(app_scale.root_org_id(?))",
                  SharedScaleDatabase.options().seed())
              .get(0);
    }
    String preRequest = preRequest(db);
    String claims = PgSession.claimsFor(db, (UUID) target.get("admin_id"));
    System.out.printf(
        "%nTiming side channel, national admin (scope of %d organisations), %d requests per case,"
            + " pre-request %s%n",
        target.get("organisations"), REQUESTS, preRequest == null ? "none" : preRequest + "()");
    String who = "national admin";
    probeEmail(db, claims, preRequest, who, (String) target.get("person_email"));
    probe(
        db,
        claims,
        preRequest,
        who + ", users.id",
        "select count(*) from public.users where id = ?::uuid",
        target.get("person_id").toString(),
        UUID.randomUUID().toString());
    probeOrgDate(
        db,
        claims,
        preRequest,
        who,
        target.get("activity_org_id"),
        target.get("activity_day").toString());
  }

  private static void measure(LocalDatabase db, String hiddenEmail, String hiddenDay)
      throws SQLException {
    String preRequest = preRequest(db);
    System.out.printf(
        "%nTiming side channel, %d requests per case, one transaction per request, pre-request %s%n",
        REQUESTS, preRequest == null ? "none" : preRequest + "()");
    List<String> probes = List.of(PROBES.split(","));
    for (UUID caller : new UUID[] {SeedData.MENTOR_OSLO, SeedData.COORD_OSLO}) {
      String claims = PgSession.claimsFor(db, caller);
      String who = caller.equals(SeedData.MENTOR_OSLO) ? "mentor Oslo" : "coordinator Oslo";
      if (probes.contains("email")) {
        probeEmail(db, claims, preRequest, who, hiddenEmail);
      }
      // without an index on the date alone every row reaches the policy either way (no channel);
      // with the other organisation's id the (org_id, activity_date) index finds the hidden row
      if (probes.contains("date")) {
        probe(
            db,
            claims,
            preRequest,
            who + ", activities.activity_date",
            "select count(*) from public.activities where activity_date = ?::date",
            hiddenDay,
            "2099-01-01");
      }
      if (probes.contains("orgdate")) {
        probeOrgDate(db, claims, preRequest, who, SeedData.ORG_TRONDHEIM, hiddenDay);
      }
    }
  }

  /**
   * {@code users.email =} a hidden person's address versus an address nobody has that differs only
   * in its last character: text equality rejects a value of another length before comparing bytes
   * and compares bytes up to the first difference, so an absent address of another length, or one
   * differing early, would make every row of a sequential scan cheaper to reject (tens of
   * microseconds over 5,000 rows) and show a difference that is not the policy's.
   */
  private static void probeEmail(
      LocalDatabase db, String claims, String preRequest, String who, String hiddenEmail)
      throws SQLException {
    probe(
        db,
        claims,
        preRequest,
        who + ", users.email",
        "select count(*) from public.users where email = ?",
        hiddenEmail,
        hiddenEmail.substring(0, hiddenEmail.length() - 1) + "#");
  }

  /** {@code org_id = <hidden organisation> and activity_date =} a day with its rows, or none. */
  private static void probeOrgDate(
      LocalDatabase db, String claims, String preRequest, String who, Object org, String hiddenDay)
      throws SQLException {
    probe(
        db,
        claims,
        preRequest,
        who + ", activities.org_id+date",
        "select count(*) from public.activities where org_id = '"
            + org
            + "' and activity_date = ?::date",
        hiddenDay,
        "2099-01-01");
  }

  /** The pre-request function to call, or null (see {@link #PRE_REQUEST}). */
  private static String preRequest(LocalDatabase db) throws SQLException {
    if (PRE_REQUEST.equals("none")) {
      return null;
    }
    if (!PRE_REQUEST.equals("auto")) {
      return PRE_REQUEST;
    }
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("select to_regprocedure('app.pre_request()') is not null")) {
      rs.next();
      return rs.getBoolean(1) ? "app.pre_request" : null;
    }
  }

  private static void probe(
      LocalDatabase db,
      String claims,
      String preRequest,
      String label,
      String sql,
      String hidden,
      String absent)
      throws SQLException {
    try (Connection c = db.authenticatorDataSource().getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement setup =
              c.prepareStatement(
                  "select set_config('search_path', '\"public\", \"extensions\"', true),"
                      + " set_config('role', 'authenticated', true), set_config('request.jwt.claims', ?, true),"
                      + " set_config('request.method', 'GET', true)"
                      + (preRequest == null ? "" : "; select " + preRequest + "()"));
          PreparedStatement query = c.prepareStatement(sql);
          Statement readOnly = c.createStatement()) {
        setup.setString(1, claims);
        Random random = new Random(42);
        double[] a = new double[REQUESTS];
        double[] b = new double[REQUESTS];
        int na = 0;
        int nb = 0;
        long visibleHidden = -1;
        for (int i = 0; na < REQUESTS || nb < REQUESTS; i++) {
          boolean hiddenCase = nb >= REQUESTS || (na < REQUESTS && random.nextBoolean());
          long t0 = System.nanoTime();
          readOnly.execute("set transaction isolation level read committed read only");
          setup.execute();
          query.setString(1, hiddenCase ? hidden : absent);
          long n;
          try (ResultSet rs = query.executeQuery()) {
            rs.next();
            n = rs.getLong(1);
          }
          c.commit();
          double micros = (System.nanoTime() - t0) / 1_000.0;
          if (i < WARMUP) {
            continue;
          }
          if (hiddenCase) {
            a[na++] = micros;
            visibleHidden = n;
          } else {
            b[nb++] = micros;
          }
        }
        report(label, a, b, visibleHidden);
      }
    }
  }

  private static void report(String label, double[] hidden, double[] none, long visible) {
    double ma = mean(hidden);
    double mb = mean(none);
    double sa = sd(hidden, ma);
    double sb = sd(none, mb);
    double t = (ma - mb) / Math.sqrt(sa * sa / hidden.length + sb * sb / none.length);
    double[] ta = trimmed(hidden);
    double[] tb = trimmed(none);
    double mta = mean(ta);
    double mtb = mean(tb);
    double tt =
        (mta - mtb)
            / Math.sqrt(
                Math.pow(sd(ta, mta), 2) / ta.length + Math.pow(sd(tb, mtb), 2) / tb.length);
    System.out.printf(
        "%-40s rows seen %d | hidden match: mean %7.1f us sd %7.1f median %7.1f"
            + " | no match: mean %7.1f us sd %7.1f median %7.1f | diff %6.1f us, Welch t %6.2f"
            + " | 1%%-trimmed diff %6.1f us, t %6.2f%n",
        label, visible, ma, sa, median(hidden), mb, sb, median(none), ma - mb, t, mta - mtb, tt);
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

  private static double[] trimmed(double[] x) {
    double[] c = x.clone();
    Arrays.sort(c);
    return Arrays.copyOf(c, (int) (c.length * 0.99));
  }
}
