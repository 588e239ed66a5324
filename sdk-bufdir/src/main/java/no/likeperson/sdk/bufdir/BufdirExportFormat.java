package no.likeperson.sdk.bufdir;

/**
 * The file formats {@link BufdirExporter} writes. All are UTF-8.
 *
 * <pre>{@code
 * BufdirExportFormat f = BufdirExportFormat.EXCEL_CSV;
 * Path file = folder.resolve("bufdir-2026." + f.fileExtension());   // bufdir-2026.csv
 * response.setContentType(f.mediaType());                            // text/csv; charset=UTF-8
 * }</pre>
 */
public enum BufdirExportFormat {
  /**
   * RFC 4180 CSV: comma-separated, CRLF line ends, fields quoted only where needed (a comma, quote
   * or line break in them) with quotes doubled, a header row, no byte order mark. For programs.
   */
  CSV("csv", "text/csv; charset=UTF-8"),
  /**
   * CSV as Excel opens it with a double click on a Norwegian (or any other) desktop: a UTF-8 byte
   * order mark (without it Excel reads the file as Windows-1252 and mangles æ, ø and å), semicolons
   * between fields (Excel's separator wherever the decimal mark is a comma), and text cells that
   * would start a formula ({@code = + - @}, tab, CR) prefixed with an apostrophe so that a name can
   * never run as a formula. Otherwise as {@link #CSV}.
   */
  EXCEL_CSV("csv", "text/csv; charset=UTF-8"),
  /**
   * The payload's JSON document ({@link BufdirPayload}'s Jackson form, snake_case names), compact.
   */
  JSON("json", "application/json");

  private final String fileExtension;
  private final String mediaType;

  BufdirExportFormat(String fileExtension, String mediaType) {
    this.fileExtension = fileExtension;
    this.mediaType = mediaType;
  }

  /** The usual file name extension, without the dot: {@code "csv"} or {@code "json"}. */
  public String fileExtension() {
    return fileExtension;
  }

  /** The media type to send the file with, e.g. {@code "application/json"}. */
  public String mediaType() {
    return mediaType;
  }
}
