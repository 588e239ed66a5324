package no.likeperson.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * A PostgREST-shaped stub that answers from canned bytes, run in its own JVM so that the server's
 * own cost never shows in the client's figures. It prints its port on the first line of standard
 * output and stops when standard input closes (so it dies with the benchmark that started it).
 *
 * <pre>{@code
 * java -Dsun.net.httpserver.nodelay=true -cp <classpath> no.likeperson.bench.StubServer  # prints e.g. 38211
 * }</pre>
 *
 * <ul>
 *   <li>{@code POST /rest/v1/rpc/bench_small}: a small JSON object (a KPI-sized answer);
 *   <li>{@code GET /rest/v1/bench_rows?...&limit=N}: a JSON array of N activity-shaped rows (N =
 *       100 or 10,000);
 *   <li>{@code GET /rest/v1/coordinator_monthly_stats?...}: a coordinator's year, 12 months x 4
 *       types;
 *   <li>{@code GET /rest/v1/rpc/get_admin_kpis?...}: the KPI card.
 * </ul>
 */
public final class StubServer {

  static final String SMALL =
      "{\"org_id\":\"0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10\",\"active_users\":1234,"
          + "\"total_activities\":56789,\"pending_reimbursements\":12,\"health_score\":0.8125}";

  static final String KPIS =
      "{\"organisation_id\":\"0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10\","
          + "\"active_user_count\":1234,\"total_activities_count\":56789,\"pending_reimbursements_count\":12,"
          + "\"org_health_score\":0.8125}";

  private StubServer() {}

  /**
   * Starts the stub in a JVM of its own (TCP_NODELAY on: without it every exchange waits ~40 ms for
   * a delayed ACK) and returns its base URL; the process ends with {@link Process#destroy()} or
   * when this JVM ends.
   */
  static Process start(String[] baseUrl) throws IOException {
    String javaBin =
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                javaBin,
                "-Xmx256m",
                "-Dsun.net.httpserver.nodelay=true",
                "-cp",
                System.getProperty("java.class.path"),
                StubServer.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String port =
        new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
            .readLine();
    if (port == null) {
      p.destroy();
      throw new IllegalStateException("the stub server did not start");
    }
    baseUrl[0] = "http://127.0.0.1:" + port.trim();
    return p;
  }

  /** A coordinator's monthly stats for 2026: 12 months x 4 activity types. */
  static byte[] monthlyStats() {
    String[] types = {"samtale", "kurs", "gruppe", "telefon"};
    StringBuilder sb = new StringBuilder("[");
    for (int m = 1; m <= 12; m++) {
      for (int t = 0; t < types.length; t++) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append("{\"org_id\":\"0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10\",")
            .append("\"subject_id\":\"5f0e2a71-3c4b-4d8e-9f10-a1b2c3d4e5f6\",")
            .append("\"activity_month\":\"2026-")
            .append(String.format("%02d", m))
            .append("-01\",")
            .append("\"activity_type_id\":\"d0000000-0000-4000-8000-00000000000")
            .append(t + 1)
            .append("\",")
            .append("\"activity_type\":\"")
            .append(types[t])
            .append("\",")
            .append("\"activity_count\":")
            .append(3 + (m + t) % 7)
            .append(',')
            .append("\"total_duration_minutes\":")
            .append(45 * (3 + (m + t) % 7))
            .append('}');
      }
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The rows body: {@code n} activity-shaped rows, the same bytes on every call. */
  static byte[] rows(int n) {
    StringBuilder sb = new StringBuilder(n * 260).append('[');
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(',');
      }
      UUID id = new UUID(0x1234_5678_9abc_4defL, 0x8000_0000_0000_0000L | i);
      sb.append("{\"id\":\"")
          .append(id)
          .append("\",\"org_id\":\"0b4c6a2e-8f1e-4b7a-9d43-0c2f7d1e5a10\"")
          .append(",\"peer_mentor_id\":\"5f0e2a71-3c4b-4d8e-9f10-a1b2c3d4e5f6\"")
          .append(",\"activity_date\":\"2026-")
          .append(String.format("%02d", 1 + i % 12))
          .append("-")
          .append(String.format("%02d", 1 + i % 28))
          .append('"')
          .append(",\"duration_minutes\":")
          .append(30 + i % 90)
          .append(",\"session_count\":")
          .append(1 + i % 3)
          .append(",\"participant_count\":")
          .append(i % 12)
          .append(",\"note\":\"Samtale med medlem på kafé i Tromsø, oppfølging avtalt\"}");
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws IOException {
    byte[] small = SMALL.getBytes(StandardCharsets.UTF_8);
    byte[] rows100 = rows(100);
    byte[] rows10k = rows(10_000);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/rest/v1/rpc/bench_small", ex -> answer(ex, small, null));
    server.createContext(
        "/rest/v1/bench_rows",
        ex -> {
          String q = ex.getRequestURI().getRawQuery();
          boolean big = q != null && q.contains("limit=10000");
          byte[] body = big ? rows10k : rows100;
          answer(ex, body, big ? "0-9999/*" : "0-99/*");
        });
    byte[] stats = monthlyStats();
    byte[] kpis = KPIS.getBytes(StandardCharsets.UTF_8);
    server.createContext("/rest/v1/coordinator_monthly_stats", ex -> answer(ex, stats, null));
    server.createContext("/rest/v1/rpc/get_admin_kpis", ex -> answer(ex, kpis, null));
    server.start();
    System.out.println(server.getAddress().getPort());
    System.out.flush();
    // stop with the parent: it holds our stdin open for as long as it lives
    while (System.in.read() >= 0) {
      // keep waiting
    }
    server.stop(0);
    System.exit(0);
  }

  private static void answer(HttpExchange ex, byte[] body, String contentRange) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    if (contentRange != null) {
      ex.getResponseHeaders().set("Content-Range", contentRange);
    }
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
