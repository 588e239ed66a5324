package no.likeperson.sdk.bufdir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Edges of the export and the payload that the format tests do not reach. */
class ExportEdgeTest {

  @Test
  void aSourcesOwnUncheckedIOException_reachesTheCallerUnchanged_notUnwrapped() {
    // only a failure of the sink is unwrapped into its IOException; the source's own
    // UncheckedIOException (e.g. a network read) is not the exporter's to translate
    UncheckedIOException own = new UncheckedIOException(new IOException("socket closed"));
    for (BufdirExportFormat format : BufdirExportFormat.values()) {
      Consumer<BufdirRecordListener> failing =
          listener -> {
            listener.onSummary(ExportFixtures.syntheticSummary(2, 1));
            throw own;
          };
      assertThatThrownBy(
              () -> BufdirExporter.create(format).export(new ByteArrayOutputStream(), failing))
          .as(format.name())
          .isSameAs(own);
    }
  }

  @Test
  void aPayload_isEmptyExactlyWhenItHasNoRecords() {
    assertThat(ExportFixtures.empty().isEmpty()).isTrue();
    assertThat(ExportFixtures.small().isEmpty()).isFalse();
    assertThat(ExportFixtures.synthetic(1, 1).isEmpty()).isFalse();
  }

  @Test
  void aMentorsName_isPresentUnlessHidden() {
    BufdirPayload p = ExportFixtures.small();
    assertThat(p.peerMentorRecords().get(0).name()).contains("Åse Ødegård");
    assertThat(p.peerMentorRecords().get(2).name()).isEmpty();
  }

  @Test
  void anExporter_namesItsFormat_andWhetherItReportsProgress() {
    BufdirExporter csv = BufdirExporter.create(BufdirExportFormat.CSV);
    assertThat(csv.toString()).isEqualTo("BufdirExporter{CSV}");
    assertThat(csv.withProgress((done, total) -> {}).toString())
        .isEqualTo("BufdirExporter{CSV, with progress}");
  }
}
