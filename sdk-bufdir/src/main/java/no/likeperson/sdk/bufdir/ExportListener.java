package no.likeperson.sdk.bufdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.jspecify.annotations.NullUnmarked;

/**
 * The listener an export hands to its source: keeps the order (summary, records, end), counts the
 * records against the totals, reports progress, and carries the sink's IOException through the
 * source (whose callbacks cannot throw checked exceptions) in an UncheckedIOException it
 * recognises.
 */
@NullUnmarked // fields filled while a stream is read or written, not yet null-annotated
final class ExportListener implements BufdirRecordListener {
  private final ExportSink sink;
  private final BufdirExporter.ProgressListener progress;
  private BufdirSummary summary;
  private long total;
  private long step;
  private long written;
  private UncheckedIOException failure;

  ExportListener(ExportSink sink, BufdirExporter.ProgressListener progress) {
    this.sink = sink;
    this.progress = progress;
  }

  @Override
  public void onSummary(BufdirSummary s) {
    if (summary != null) {
      throw new IllegalStateException("the source delivered a second summary");
    }
    summary = Objects.requireNonNull(s, "summary == null");
    total = s.totals().peerMentorCount();
    step = Math.max(1, (total + 99) / 100);
    io(() -> sink.begin(s));
  }

  @Override
  public void onRecord(BufdirPeerMentorRecord record) {
    Objects.requireNonNull(record, "record == null");
    if (summary == null) {
      throw new IllegalStateException("the source delivered a record before the summary");
    }
    io(() -> sink.record(record));
    written++;
    if (written % step == 0 && written < total) {
      progress.onProgress(written, total);
    }
  }

  BufdirSummary finish() throws IOException {
    if (summary == null) {
      throw new IllegalStateException("the source delivered no summary");
    }
    if (written != total) {
      throw new IllegalStateException(
          "the payload is inconsistent: its totals count "
              + total
              + " peer mentors but "
              + written
              + " records were delivered; the export was not finished");
    }
    sink.end();
    progress.onProgress(written, total);
    return summary;
  }

  boolean owns(UncheckedIOException e) {
    return e == failure;
  }

  private interface IoStep {
    void run() throws IOException;
  }

  private void io(IoStep step) {
    try {
      step.run();
    } catch (IOException e) {
      failure = new UncheckedIOException(e);
      throw failure;
    }
  }
}
