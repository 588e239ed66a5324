package no.likeperson.examples.snippets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tagged regions of compiled example code and the code blocks of the documents that show
 * them, so a test can require the two to be equal.
 *
 * <p>A region is every line between {@code // tag::NAME[]} and {@code // end::NAME[]} (the
 * Asciidoctor convention). A tag may open and close several times in one file; its regions are
 * joined in file order, so a document can show code around lines it leaves out. Indentation common
 * to all lines of a tag is removed, as are trailing blanks.
 *
 * <p>A document names the region its next (README) or previous (javadoc) code block shows with a
 * reference {@code <path from the repository root>#NAME}; in javadoc it follows the words {@code
 * Compiled and run:} on the same or the next line.
 */
final class SnippetSource {

  /** {@code examples/.../Foo.java#tag} or {@code consumer-check/.../Bar.java#tag}. */
  static final Pattern REFERENCE = Pattern.compile("([\\w./-]+\\.java)#([\\w-]+)");

  private SnippetSource() {}

  /**
   * The repository root: the nearest directory above the working directory with a README.md and
   * examples/.
   */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("README.md"))
          && Files.isDirectory(dir.resolve("examples"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "repository root not found above " + Path.of("").toAbsolutePath());
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The region {@code tag} of {@code file}, normalised.
   *
   * @throws IllegalStateException if the tag is missing, not closed, or opened twice in a row
   */
  static String region(Path file, String tag) {
    String open = "// tag::" + tag + "[]";
    String close = "// end::" + tag + "[]";
    List<String> out = new ArrayList<>();
    boolean inside = false;
    boolean found = false;
    for (String line : lines(file)) {
      String t = line.trim();
      if (t.equals(open)) {
        if (inside) {
          throw new IllegalStateException(file + ": " + open + " opened twice");
        }
        inside = true;
        found = true;
      } else if (t.equals(close)) {
        if (!inside) {
          throw new IllegalStateException(file + ": " + close + " without " + open);
        }
        inside = false;
      } else if (inside && !t.startsWith("// tag::") && !t.startsWith("// end::")) {
        out.add(line);
      }
    }
    if (!found || inside) {
      throw new IllegalStateException(file + ": no closed region " + tag);
    }
    return normalise(out);
  }

  /** Lines without their common indentation and trailing blanks, joined with {@code \n}. */
  static String normalise(List<String> lines) {
    int indent = Integer.MAX_VALUE;
    for (String line : lines) {
      if (!line.isBlank()) {
        indent = Math.min(indent, line.length() - line.stripLeading().length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(line.isBlank() ? "" : line.substring(indent).stripTrailing());
    }
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    return String.join("\n", out);
  }

  /** A reference found in a document and the code block it belongs to. */
  record Block(String document, int line, String path, String tag, String code) {
    String expected(Path root) {
      return region(root.resolve(path), tag);
    }

    @Override
    public String toString() {
      return document + ":" + line + " -> " + path + "#" + tag;
    }
  }

  /**
   * The README's Java code blocks, each with the reference in the HTML comment on the line before
   * its fence ({@code <!-- compiled: path#tag -->}); a block without one has a null path.
   */
  static List<Block> readmeBlocks(Path readme) {
    List<String> lines = lines(readme);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().equals("```java")) {
        continue;
      }
      String path = null;
      String tag = null;
      if (i > 0 && lines.get(i - 1).trim().startsWith("<!-- compiled:")) {
        Matcher m = REFERENCE.matcher(lines.get(i - 1));
        if (m.find()) {
          path = m.group(1);
          tag = m.group(2);
        }
      }
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).trim().equals("```")) {
        end++;
      }
      blocks.add(
          new Block(
              readme.getFileName().toString(),
              i + 1,
              path,
              tag,
              normalise(lines.subList(start, end))));
      i = end;
    }
    return blocks;
  }

  /**
   * The javadoc code blocks of a source file that a later line of the same comment references
   * ({@code Compiled and run: {@code path#tag}}): each reference belongs to the nearest {@code
   * <pre>{@code ...}</pre>} before it.
   */
  static List<Block> javadocBlocks(Path source, String document) {
    List<String> lines = lines(source);
    List<Block> blocks = new ArrayList<>();
    List<String> lastBlock = null;
    int lastBlockLine = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.contains("<pre>{@code")) {
        List<String> code = new ArrayList<>();
        int j = i + 1;
        while (j < lines.size() && !lines.get(j).contains("}</pre>")) {
          code.add(lines.get(j).replaceFirst("^\\s*\\* ?", ""));
          j++;
        }
        lastBlock = code;
        lastBlockLine = i + 1;
        i = j;
        continue;
      }
      if (line.contains("Compiled and run:")) {
        // a formatter may wrap the reference onto the next line
        String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
        Matcher m = REFERENCE.matcher(line + " " + next);
        if (!m.find()) {
          throw new IllegalStateException(
              document + ":" + (i + 1) + ": no path#tag after 'Compiled and run:'");
        }
        if (lastBlock == null) {
          throw new IllegalStateException(
              document + ":" + (i + 1) + ": a reference without a code block before it");
        }
        blocks.add(
            new Block(document, lastBlockLine, m.group(1), m.group(2), normalise(lastBlock)));
      }
      if (line.trim().equals("*/")) {
        lastBlock = null;
      }
    }
    return blocks;
  }
}
