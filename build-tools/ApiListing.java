import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists the public API of a module's compiled classes (public and protected types, and their public
 * and protected members with generic signatures, as {@code javap -protected} prints them) and compares
 * it with the checked-in listing, so that a change to the published surface is a visible, reviewed
 * change to {@code api/<module>.api}.
 *
 * <p>Run by every published module in the {@code verify} phase (see the parent pom). To accept a
 * change, regenerate the listings (one command, documented in CONTRIBUTING.md):
 *
 * <pre>{@code
 * mvn -B -q -DskipTests -Dapi.update=true verify -pl sdk-core,sdk-stats,sdk-bufdir,sdk-bufdir-report,sdk-admin,sdk-testkit -am
 * }</pre>
 *
 * <p>Usage: {@code java build-tools/ApiListing.java <classes dir> <listing file> [update]}.
 */
public final class ApiListing {

  static final String REGENERATE = "mvn -B -q -DskipTests -Dapi.update=true verify "
      + "-pl sdk-core,sdk-stats,sdk-bufdir,sdk-bufdir-report,sdk-admin,sdk-testkit -am";

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: java ApiListing.java <classes dir> <listing file> [true|false]");
      System.exit(2);
    }
    Path classes = Path.of(args[0]);
    Path listing = Path.of(args[1]);
    boolean update = args.length > 2 && Boolean.parseBoolean(args[2]);
    String actual = list(classes);
    if (update) {
      Files.createDirectories(listing.toAbsolutePath().getParent());
      Files.writeString(listing, actual, StandardCharsets.UTF_8);
      System.out.println("api listing written: " + listing);
      return;
    }
    if (!Files.exists(listing)) {
      fail(listing, "no API listing at " + listing, List.of());
    }
    String expected = Files.readString(listing, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail(listing, "the public API differs from " + listing, diff(expected, actual));
    }
  }

  private static void fail(Path listing, String what, List<String> diff) {
    System.err.println("API check failed: " + what);
    diff.forEach(System.err::println);
    System.err.println("If the change is intended, regenerate the listings and commit them:");
    System.err.println("  " + REGENERATE);
    System.exit(1);
  }

  /** Members only in the listing ("-") and only in the classes ("+"), at most 60 of them. */
  private static List<String> diff(String expected, String actual) {
    Set<String> before = keyed(expected);
    Set<String> after = keyed(actual);
    List<String> out = new ArrayList<>();
    for (String l : before) {
      if (!after.contains(l)) {
        out.add("- " + l);
      }
    }
    for (String l : after) {
      if (!before.contains(l)) {
        out.add("+ " + l);
      }
    }
    return out.size() > 60 ? out.subList(0, 60) : out;
  }

  /** Each line of a listing prefixed with the type it belongs to (members repeat across types). */
  private static Set<String> keyed(String listing) {
    Set<String> keys = new LinkedHashSet<>();
    String type = "";
    for (String line : listing.lines().toList()) {
      if (line.isBlank() || line.equals("}")) {
        continue;
      }
      if (line.endsWith("{")) {
        type = line.substring(0, line.length() - 1).trim();
        keys.add(type);
      } else {
        keys.add(type + " :: " + line.trim());
      }
    }
    return keys;
  }

  static String list(Path classes) throws IOException {
    List<String> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class"))
          .filter(p -> !p.getFileName().toString().equals("module-info.class"))
          .filter(p -> !p.getFileName().toString().equals("package-info.class"))
          .map(Path::toString)
          .sorted()
          .collect(Collectors.toList());
    }
    if (files.isEmpty()) {
      return "";
    }
    ToolProvider javap = ToolProvider.findFirst("javap")
        .orElseThrow(() -> new IllegalStateException("javap not found: run the build on a JDK"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("-protected"));
    args.addAll(files);
    int rc = javap.run(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
    if (rc != 0) {
      throw new IllegalStateException("javap failed: " + err);
    }
    return render(out.toString());
  }

  /** Keeps exported types only, sorts types by name and members by text (stable across reordering). */
  private static String render(String javap) {
    List<Type> types = new ArrayList<>();
    Type current = null;
    for (String line : javap.lines().toList()) {
      if (line.startsWith("Compiled from") || line.isBlank()) {
        continue;
      }
      if (current == null) {
        if (line.endsWith("{")) {
          current = new Type(line.substring(0, line.length() - 1).trim());
        }
      } else if (line.equals("}")) {
        types.add(current);
        current = null;
      } else {
        current.members.add(line.trim());
      }
    }
    types.sort((a, b) -> a.name().compareTo(b.name()));
    Set<String> exported = new HashSet<>();
    StringBuilder sb = new StringBuilder();
    for (Type t : types) {
      String name = t.name();
      boolean visible = t.header.startsWith("public ") || t.header.startsWith("protected ");
      int nest = name.lastIndexOf('$');
      if (nest > 0) {
        String outer = name.substring(0, nest);
        visible &= exported.contains(outer) && !Character.isDigit(name.charAt(nest + 1));
      }
      if (!visible) {
        continue;
      }
      exported.add(name);
      sb.append(t.header).append(" {\n");
      t.members.stream().sorted().forEach(m -> sb.append("  ").append(m).append('\n'));
      sb.append("}\n\n");
    }
    return sb.toString();
  }

  private static final class Type {
    final String header;
    final List<String> members = new ArrayList<>();

    Type(String header) {
      this.header = header;
    }

    /** The binary name: the token after "class", "interface", "enum" or "@interface". */
    String name() {
      String[] words = header.split(" ");
      for (int i = 0; i < words.length - 1; i++) {
        if (words[i].equals("class") || words[i].equals("interface") || words[i].equals("enum")) {
          String n = words[i + 1];
          int generic = n.indexOf('<');
          return generic < 0 ? n : n.substring(0, generic);
        }
      }
      return header;
    }
  }
}
