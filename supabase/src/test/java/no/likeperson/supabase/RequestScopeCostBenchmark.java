package no.likeperson.supabase;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the per-request organisation sets (migration 20261205020000) cost and save, on the scale data
 * ({@code -Dnhf=true} for NHF size): each query as its caller, in three variants interleaved round by
 * round: "before" (the migration's rollback applied inside the transaction: the helpers as they were),
 * "fallback" (the new helpers without a pre-request), "pre-request" ({@code app.pre_request()} then
 * the query, timed together, as a request pays it) and "query only" (the same, the query alone timed). Prints means and medians; asserts nothing (run it
 * explicitly: {@code mvn -pl supabase -am test -Dtest=RequestScopeCostBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dnhf=true] [-Dscope.cost.rounds=200]}).
 */
class RequestScopeCostBenchmark {

  private static final int ROUNDS = Integer.getInteger("scope.cost.rounds", 200);
  private static final String[] VARIANTS = {"before", "fallback", "pre-request", "query only"};

  record Probe(String label, UUID caller, String sql, Object... params) {}

  @Test
  void costPerRequest() throws Exception {
    LocalDatabase db = SharedScaleDatabase.get();
    long seed = SharedScaleDatabase.options().seed();
    List<Probe> probes = new ArrayList<>();
    String rollback = Files.readString(Path.of("rollbacks/20261205020000_request_scope_pre_request.down.sql"));
    try (SuperuserTx tx = SuperuserTx.open(db)) {
      UUID root = (UUID) tx.scalar("select app_scale.root_org_id(?)", seed);
      UUID rootAdmin = (UUID) tx.scalar("select user_id from public.org_memberships where org_id = ? and role = 'org_admin'"
          + " limit 1", root);
      UUID chapter = (UUID) tx.scalar("select a.org_id from public.activities a join public.organisation_closure c"
          + " on c.descendant_id = a.org_id and c.ancestor_id = ? group by a.org_id order by count(*) desc, a.org_id"
          + " limit 1", root);
      UUID coordinator = (UUID) tx.scalar("select user_id from public.org_memberships where org_id = ? and role = 'coordinator'"
          + " limit 1", chapter);
      probes.add(new Probe("coordinator_monthly_stats 12 months (coordinator)", coordinator,
          "select * from public.coordinator_monthly_stats where org_id = ? and coordinator_id = ?"
              + " and activity_month between ? and ?", chapter, coordinator, Date.valueOf("2026-01-01"),
          Date.valueOf("2026-12-01")));
      probes.add(new Probe("users, count all visible (coordinator)", coordinator, "select count(*) from public.users"));
      probes.add(new Probe("users, count active (national admin)", rootAdmin,
          "select count(*) from public.users where status = 'active'"));
      probes.add(new Probe("activities of the chapter, count (national admin)", rootAdmin,
          "select count(*) from public.activities where org_id = ?", chapter));
    }
    System.out.printf(Locale.ROOT, "%n==== RequestScopeCostBenchmark: scale %s, %d rounds, variants interleaved ====%n",
        SharedScaleDatabase.options(), ROUNDS);
    for (Probe p : probes) {
      double[][] t = new double[VARIANTS.length][ROUNDS];
      String[] answers = new String[VARIANTS.length];
      for (int round = -5; round < ROUNDS; round++) {
        for (int v = 0; v < VARIANTS.length; v++) {
          int variant = (v + Math.max(round, 0)) % VARIANTS.length; // rotate the order every round
          try (SuperuserTx tx = SuperuserTx.open(db)) {
            if (variant == 0) {
              tx.execute(rollback);
            }
            tx.scalar("select set_config('request.jwt.claims', ?, true)",
                "{\"sub\":\"" + p.caller() + "\",\"role\":\"authenticated\"}");
            tx.execute("set local role authenticated");
            if (variant == 3) {
              tx.scalar("select app.pre_request()");
            }
            long t0 = System.nanoTime();
            if (variant == 2) {
              tx.scalar("select app.pre_request()");
            }
            String answer = run(tx, p.sql(), p.params());
            double ms = (System.nanoTime() - t0) / 1e6;
            if (round >= 0) {
              t[variant][round] = ms;
            }
            answers[variant] = answer;
            tx.connection().rollback();
          }
        }
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-52s", p.label()));
      for (int v = 0; v < VARIANTS.length; v++) {
        double[] s = t[v].clone();
        Arrays.sort(s);
        line.append(String.format(Locale.ROOT, " | %s mean %7.2f median %7.2f ms", VARIANTS[v],
            Arrays.stream(s).average().orElse(Double.NaN), s[s.length / 2]));
      }
      line.append(Arrays.stream(answers).distinct().count() == 1 ? " | same answers" : " | ANSWERS DIFFER");
      System.out.println(line);
    }
  }

  /** Runs the query and returns its rows as text (to compare the variants' answers). */
  private static String run(SuperuserTx tx, String sql, Object... params) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (PreparedStatement ps = tx.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            out.append(rs.getString(i)).append(',');
          }
          out.append('\n');
        }
      }
    }
    return out.toString();
  }
}
