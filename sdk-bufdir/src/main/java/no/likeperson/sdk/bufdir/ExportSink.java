package no.likeperson.sdk.bufdir;

import java.io.IOException;

/** One export format's writer: the beginning, one record at a time, the end. Single use. */
interface ExportSink {

  void begin(BufdirSummary summary) throws IOException;

  void record(BufdirPeerMentorRecord record) throws IOException;

  /** Writes the end of the document and flushes; never closes the caller's stream. */
  void end() throws IOException;
}
