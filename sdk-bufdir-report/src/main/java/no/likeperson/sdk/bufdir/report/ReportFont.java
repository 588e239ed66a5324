package no.likeperson.sdk.bufdir.report;

import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The report's one typeface, Liberation Sans (SIL Open Font License), taken from the PDFBox jar
 * that this module depends on anyway: no font has to be installed on the machine, and the same
 * outlines serve the PDF text (embedded as a subset) and the chart (as an AWT font). It has every
 * Norwegian and Sami letter; a character it lacks is drawn as {@code ?} instead of failing the
 * report (see {@link #printable}).
 */
final class ReportFont {

  /** Where PDFBox keeps the font (it uses it for form fields); a test fails loudly if it moves. */
  static final String RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

  final PDFont pdf;
  private final Map<Integer, Boolean> drawable = new HashMap<>();

  private ReportFont(PDFont pdf) {
    this.pdf = pdf;
  }

  /** Loads the font into {@code doc}, to be embedded as the subset of the glyphs used. */
  static ReportFont load(PDDocument doc) throws IOException {
    return new ReportFont(PDType0Font.load(doc, new ByteArrayInputStream(Outlines.BYTES), true));
  }

  /** The same typeface for Java2D (the chart), at {@code size} points. */
  static java.awt.Font awt(float size) {
    try {
      return java.awt.Font.createFont(
              java.awt.Font.TRUETYPE_FONT, new ByteArrayInputStream(Outlines.BYTES))
          .deriveFont(size);
    } catch (IOException | FontFormatException e) {
      throw new IllegalStateException("cannot read the report font " + RESOURCE, e);
    }
  }

  /**
   * The font's outlines without its OpenType layout tables, made once per class loader. PDFBox 3
   * runs a font's glyph substitution (GSUB) rules on every {@code showText}, compiling regular
   * expressions each time: with Liberation Sans' Latin ligature rules that was half a millisecond
   * per table cell, 30 s for 10,000 mentors. The report needs no ligatures (and text extraction
   * reads better without them), so FontBox's subsetter rewrites the font with every glyph the cmap
   * maps and none of GSUB, GPOS or kern.
   */
  private static final class Outlines {
    static final byte[] BYTES = read();

    private static byte[] read() {
      try (InputStream in = open();
          TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(in))) {
        CmapLookup cmap = ttf.getUnicodeCmapLookup();
        Set<Integer> mapped = new HashSet<>();
        for (int cp = 0x20; cp <= 0xFFFF; cp++) {
          if (cmap.getGlyphId(cp) != 0) {
            mapped.add(cp);
          }
        }
        // the tables a TrueType font needs to draw and to be embedded in a PDF; no layout tables
        TTFSubsetter subsetter =
            new TTFSubsetter(
                ttf,
                List.of(
                    "head", "hhea", "maxp", "loca", "glyf", "hmtx", "cmap", "name", "OS/2", "post",
                    "cvt ", "fpgm", "prep"));
        subsetter.addAll(mapped);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        subsetter.writeToStream(out);
        return out.toByteArray();
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the report font " + RESOURCE, e);
      }
    }
  }

  private static InputStream open() throws IOException {
    InputStream in = ReportFont.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IOException(
          "the report font " + RESOURCE + " is not on the class path (PDFBox 3.0.x ships it)");
    }
    return in;
  }

  /**
   * {@code s} as it can be drawn: control characters (a tab or line break in a name) become spaces,
   * characters the font has no glyph for become {@code ?}.
   */
  String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                b.append(' ');
              } else if (drawable.computeIfAbsent(cp, this::hasGlyph)) {
                b.appendCodePoint(cp);
              } else {
                b.append('?');
              }
            });
    return b.toString();
  }

  private boolean hasGlyph(int codePoint) {
    try {
      pdf.encode(new String(Character.toChars(codePoint)));
      return true;
    } catch (IllegalArgumentException | IOException e) {
      return false;
    }
  }

  /** The width of printable text at {@code size} points. */
  float width(String printable, float size) {
    try {
      return pdf.getStringWidth(printable) / 1000f * size;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Printable {@code s}, shortened with an ellipsis to fit {@code maxWidth} points. */
  String fit(String s, float size, float maxWidth) {
    String p = printable(s);
    if (width(p, size) <= maxWidth) {
      return p;
    }
    int[] cps = p.codePoints().toArray();
    int n = cps.length;
    while (n > 0) {
      String cut = new String(cps, 0, --n).stripTrailing() + "…";
      if (width(cut, size) <= maxWidth) {
        return cut;
      }
    }
    return "…";
  }
}
