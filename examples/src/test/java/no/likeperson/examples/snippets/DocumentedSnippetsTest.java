package no.likeperson.examples.snippets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The examples in the README and in the javadoc of the main SDK types are compiled code: each
 * documented block must equal the tagged region of the file it references, so neither can change
 * alone. On a mismatch the message shows the block as it must read.
 */
class DocumentedSnippetsTest {

  static final Path ROOT = SnippetSource.repositoryRoot();

  /** The types whose javadoc example must be compiled code, by source path under the root. */
  static final List<String> JAVADOC_TYPES =
      List.of(
          "sdk-core/src/main/java/no/likeperson/sdk/core/SupabaseClient.java",
          "sdk-core/src/main/java/no/likeperson/sdk/core/TableQuery.java",
          "sdk-core/src/main/java/no/likeperson/sdk/core/RpcCall.java",
          "sdk-stats/src/main/java/no/likeperson/sdk/stats/StatsRepository.java",
          "sdk-stats/src/main/java/no/likeperson/sdk/stats/StatsCacheManager.java",
          "sdk-bufdir/src/main/java/no/likeperson/sdk/bufdir/ActivityAggregationService.java",
          "sdk-bufdir/src/main/java/no/likeperson/sdk/bufdir/ProxyActivityRepository.java",
          "sdk-bufdir/src/main/java/no/likeperson/sdk/bufdir/BufdirExporter.java",
          "sdk-bufdir-report/src/main/java/no/likeperson/sdk/bufdir/report/BufdirReport.java",
          "sdk-admin/src/main/java/no/likeperson/sdk/admin/AdminRlsGuard.java",
          "sdk-admin/src/main/java/no/likeperson/sdk/admin/AdminDataRepository.java",
          "sdk-admin/src/main/java/no/likeperson/sdk/admin/CertificationRepository.java",
          "sdk-testkit/src/main/java/no/likeperson/testkit/LocalSupabase.java",
          "sdk-testkit/src/main/java/no/likeperson/testkit/LocalSupabaseTest.java");

  @Test
  void everyReadmeJavaBlock_isTheCompiledRegionItReferences() {
    List<SnippetSource.Block> blocks = SnippetSource.readmeBlocks(ROOT.resolve("README.md"));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
    for (SnippetSource.Block b : blocks) {
      assertThat(b.path())
          .as(
              "README.md:%d: a ```java block needs <!-- compiled: path#tag --> on the line "
                  + "before its fence",
              b.line())
          .isNotNull();
      assertThat(b.code()).as(b.toString()).isEqualTo(b.expected(ROOT));
    }
  }

  @Test
  void theMainTypesJavadocExamples_areTheCompiledRegionsTheyReference() {
    List<String> missing = new ArrayList<>();
    for (String type : JAVADOC_TYPES) {
      List<SnippetSource.Block> blocks = SnippetSource.javadocBlocks(ROOT.resolve(type), type);
      if (blocks.isEmpty()) {
        missing.add(type);
      }
      for (SnippetSource.Block b : blocks) {
        assertThat(b.code()).as(b.toString()).isEqualTo(b.expected(ROOT));
      }
    }
    assertThat(missing).as("types whose javadoc example references no compiled region").isEmpty();
  }

  @Test
  void everyJavadocReferenceInTheSdkModules_isCurrent() throws IOException {
    int checked = 0;
    for (String module :
        List.of(
            "sdk-core",
            "sdk-stats",
            "sdk-bufdir",
            "sdk-bufdir-report",
            "sdk-admin",
            "sdk-testkit")) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          for (SnippetSource.Block b :
              SnippetSource.javadocBlocks(file, ROOT.relativize(file).toString())) {
            assertThat(b.code()).as(b.toString()).isEqualTo(b.expected(ROOT));
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(JAVADOC_TYPES.size());
  }

  @Test
  void aChangedRegion_isNoticed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path code = dir.resolve("A.java");
    Files.writeString(
        code,
        "class A {\n  void f() {\n    // tag::t[]\n    int a = 1;\n    // end::t[]\n"
            + "    int hidden = 2;\n    // tag::t[]\n    int b = a;\n    // end::t[]\n  }\n}\n");
    Path readme = dir.resolve("README.md");
    Files.writeString(
        readme,
        "text\n<!-- compiled: A.java#t -->\n```java\nint a = 1;\nint b = a;\n```\n"
            + "\n```java\nno reference\n```\n");
    List<SnippetSource.Block> blocks = SnippetSource.readmeBlocks(readme);
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).expected(dir)).isEqualTo("int a = 1;\nint b = a;");
    assertThat(blocks.get(0).code()).isEqualTo(blocks.get(0).expected(dir));
    assertThat(blocks.get(1).path()).isNull();

    Files.writeString(code, Files.readString(code).replace("int b = a;", "int b = a + 1;"));
    assertThat(blocks.get(0).code()).isNotEqualTo(blocks.get(0).expected(dir));

    Path javadoc = dir.resolve("B.java");
    Files.writeString(
        javadoc,
        "/**\n * Text.\n *\n * <pre>{@code\n * int a = 1;\n * int b = a + 1;\n * }</pre>\n"
            + " *\n * <p>Compiled and run: {@code A.java#t}.\n */\nclass B {}\n");
    List<SnippetSource.Block> docs = SnippetSource.javadocBlocks(javadoc, "B.java");
    assertThat(docs)
        .extracting(SnippetSource.Block::code)
        .containsExactly("int a = 1;\nint b = a + 1;");
    assertThat(docs.get(0).expected(dir)).isEqualTo(docs.get(0).code());
  }
}
