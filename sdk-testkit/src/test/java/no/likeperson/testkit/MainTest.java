package no.likeperson.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import no.likeperson.supabase.ScaleOptions;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void parse_withoutArguments_servesSeedOnSupabasePortWithDefaultSecret() {
    Main.Options o = Main.Options.parse();
    assertThat(o.port()).isEqualTo(54321);
    assertThat(o.scale()).isNull();
    assertThat(o.jwtSecret()).isEqualTo(LocalSupabase.DEFAULT_JWT_SECRET);
    assertThat(o.help()).isFalse();
  }

  @Test
  void parse_readsPortInBothForms() {
    assertThat(Main.Options.parse("--port", "0").port()).isZero();
    assertThat(Main.Options.parse("--port=5000").port()).isEqualTo(5000);
  }

  @Test
  void parse_scale_defaultsToNhfAndAcceptsSmall() {
    assertThat(Main.Options.parse("--scale").scale()).isEqualTo(ScaleOptions.nhf());
    assertThat(Main.Options.parse("--scale=nhf").scale()).isEqualTo(ScaleOptions.nhf());
    assertThat(Main.Options.parse("--scale=small").scale()).isEqualTo(ScaleOptions.small());
  }

  @Test
  void parse_jwtSecret_isTakenAndRedactedInToString() {
    String secret = "my-own-secret-with-more-than-32-characters";
    Main.Options o = Main.Options.parse("--jwt-secret", secret);
    assertThat(o.jwtSecret()).isEqualTo(secret);
    assertThat(o.toString()).doesNotContain(secret);
  }

  @Test
  void parse_dbPreRequest_defaultsToTheStacksChoice_takesAName_andEmptyTurnsItOff() {
    assertThat(Main.Options.parse().preRequest()).isNull();
    assertThat(Main.Options.parse("--db-pre-request", "app.pre_request").preRequest())
        .isEqualTo("app.pre_request");
    assertThat(Main.Options.parse("--db-pre-request=my.check").preRequest()).isEqualTo("my.check");
    assertThat(Main.Options.parse("--db-pre-request=").preRequest()).isEmpty();
    assertThatThrownBy(() -> Main.Options.parse("--db-pre-request"))
        .hasMessage("--db-pre-request needs a value");
    assertThat(Main.USAGE).contains("--db-pre-request");
  }

  @Test
  void parse_rejectsBadInputWithClearMessages() {
    assertThatThrownBy(() -> Main.Options.parse("--port")).hasMessage("--port needs a value");
    assertThatThrownBy(() -> Main.Options.parse("--port", "abc"))
        .hasMessage("--port must be a number: abc");
    assertThatThrownBy(() -> Main.Options.parse("--port=70000"))
        .hasMessage("--port must be in 0..65535: 70000");
    assertThatThrownBy(() -> Main.Options.parse("--port=-1"))
        .hasMessage("--port must be in 0..65535: -1");
    assertThatThrownBy(() -> Main.Options.parse("--scale=huge"))
        .hasMessage("--scale takes nhf (default) or small: huge");
    assertThatThrownBy(() -> Main.Options.parse("--jwt-secret", "short"))
        .hasMessageContaining("at least 32 characters")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> Main.Options.parse("--jwt-secret"))
        .hasMessage("--jwt-secret needs a value");
    assertThatThrownBy(() -> Main.Options.parse("serve")).hasMessage("unknown argument: serve");
  }

  @Test
  void parse_aggregates_offByDefault_flagOrPostgrestsVariable() {
    assertThat(Main.Options.parse().aggregates()).isFalse();
    assertThat(Main.Options.parse("--aggregates").aggregates()).isTrue();
    assertThat(Main.Options.parse("--aggregates=false").aggregates()).isFalse();
    assertThat(
            Main.Options.parse(java.util.Map.of("PGRST_DB_AGGREGATES_ENABLED", "true"))
                .aggregates())
        .isTrue();
    assertThat(
            Main.Options.parse(
                    java.util.Map.of("PGRST_DB_AGGREGATES_ENABLED", "true"), "--aggregates=off")
                .aggregates())
        .isFalse();
    assertThat(Main.Options.parse("--aggregates").toString()).contains("aggregates=true");
    assertThatThrownBy(() -> Main.Options.parse("--aggregates=maybe"))
        .hasMessage("--aggregates takes true or false: maybe");
    assertThatThrownBy(
            () -> Main.Options.parse(java.util.Map.of("PGRST_DB_AGGREGATES_ENABLED", "sometimes")))
        .hasMessage("PGRST_DB_AGGREGATES_ENABLED takes true or false: sometimes");
  }

  @Test
  void parse_help() {
    assertThat(Main.Options.parse("--help").help()).isTrue();
    assertThat(Main.Options.parse("-h").help()).isTrue();
  }

  @Test
  void postgresUri_isWhatSupabaseStatusPrints_andParsesBack() {
    String uri =
        Main.postgresUri("jdbc:postgresql://localhost:40123/postgres", "postgres", "postgres");
    assertThat(uri).isEqualTo("postgresql://postgres:postgres@localhost:40123/postgres");
    assertThat(ExternalSupabase.parseDatabaseUrl(uri))
        .isEqualTo(
            new ExternalSupabase.Database(
                "jdbc:postgresql://localhost:40123/postgres", "postgres", "postgres"));
  }

  @Test
  void postgresUri_replacesCredentialsInJdbcUrlAndEscapesSpecialCharacters() {
    String uri =
        Main.postgresUri(
            "jdbc:postgresql://localhost:1/db?user=old&sslmode=disable", "su", "p@ss word&+");
    assertThat(uri).isEqualTo("postgresql://su:p%40ss%20word%26%2B@localhost:1/db?sslmode=disable");
    assertThat(ExternalSupabase.parseDatabaseUrl(uri).password()).isEqualTo("p@ss word&+");
  }

  @Test
  void schemasMigrationsAndSeed_areParsedAndChecked(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path seed = java.nio.file.Files.writeString(dir.resolve("seed.sql"), "select 1");
    Main.Options o =
        Main.Options.parse(
            "--schemas", "public, personal", "--migrations=" + dir, "--seed", seed.toString());
    org.assertj.core.api.Assertions.assertThat(o.schemas()).containsExactly("public", "personal");
    org.assertj.core.api.Assertions.assertThat(o.migrations()).isEqualTo(dir);
    org.assertj.core.api.Assertions.assertThat(o.seed()).isEqualTo(seed);
    org.assertj.core.api.Assertions.assertThat(Main.Options.parse().schemas())
        .containsExactly("public");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Main.Options.parse("--migrations", seed.toString()))
        .hasMessageContaining("not a directory");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.Options.parse("--schemas", ","))
        .hasMessageContaining("at least one");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.Options.parse("--seed"))
        .hasMessageContaining("needs a value");
  }
}
