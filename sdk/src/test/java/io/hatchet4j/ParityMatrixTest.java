package io.hatchet4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/parity.md true: every test a row names exists in some module's test sources as a
 * test method, every "present and tested" row names one, and no "absent" row claims one.
 */
class ParityMatrixTest {
  private static final Pattern ROW = Pattern.compile("^\\|\\s*(\\d+)\\s*\\|(.*)\\|\\s*$");
  private static final Pattern TEST_REFERENCE = Pattern.compile("`([A-Z][A-Za-z0-9_]*)#([a-z][A-Za-z0-9_]*)`");
  private static final List<String> STATUSES =
      List.of("present and tested", "partial", "absent", "different in Java");
  private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", ".venv");

  record Row(int number, String feature, String status, List<String> tests) {}

  @Test
  void everyListedTestExistsAndEveryRowHasAStatusItsTestsSupport() throws IOException {
    Path root = repositoryRoot();
    List<Row> rows = rows(Files.readAllLines(root.resolve("docs/parity.md")));
    Map<String, List<Path>> testSources = testSources(root);

    assertThat(rows).as("rows of docs/parity.md").hasSizeGreaterThanOrEqualTo(73);
    assertThat(rows.stream().map(Row::number).collect(Collectors.toSet())).as("row numbers are unique").hasSize(rows.size());
    List<String> problems = new ArrayList<>();
    for (Row row : rows) {
      String where = "row " + row.number() + " (" + row.feature() + ")";
      if (STATUSES.stream().noneMatch(row.status()::startsWith)) {
        problems.add(where + ": unknown status '" + row.status() + "'");
      }
      if (row.status().startsWith("present and tested") && row.tests().isEmpty()) {
        problems.add(where + ": present and tested, but names no test");
      }
      if (row.status().startsWith("absent") && !row.tests().isEmpty()) {
        problems.add(where + ": absent, but names tests " + row.tests());
      }
      for (String test : row.tests()) {
        String problem = missing(test, testSources);
        if (problem != null) {
          problems.add(where + ": " + problem);
        }
      }
    }
    assertThat(problems).as("problems in docs/parity.md").isEmpty();
  }

  /** Null if {@code Class#method} is a test method in some test source, else what is wrong. */
  private static String missing(String test, Map<String, List<Path>> testSources) {
    String className = test.substring(0, test.indexOf('#'));
    String method = test.substring(test.indexOf('#') + 1);
    List<Path> files = testSources.get(className + ".java");
    if (files == null) {
      return test + ": no test class " + className;
    }
    Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
    for (Path file : files) {
      String source = read(file);
      Matcher m = declaration.matcher(source);
      while (m.find()) {
        String before = source.substring(Math.max(0, m.start() - 400), m.start());
        if (before.contains("@Test") || before.contains("@ParameterizedTest")) {
          return null;
        }
      }
    }
    return test + ": no test method " + method + " in " + className;
  }

  private static List<Row> rows(List<String> lines) {
    List<Row> rows = new ArrayList<>();
    for (String line : lines) {
      Matcher m = ROW.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      String[] cells = m.group(2).split("\\|", -1);
      assertThat(cells).as("cells of: " + line).hasSize(4);
      List<String> tests = new ArrayList<>();
      Matcher reference = TEST_REFERENCE.matcher(cells[3]);
      while (reference.find()) {
        tests.add(reference.group(1) + "#" + reference.group(2));
      }
      rows.add(new Row(Integer.parseInt(m.group(1)), cells[0].strip(), cells[2].strip(), tests));
    }
    return rows;
  }

  /** Test sources by file name, from every module's {@code src/test/java}. */
  private static Map<String, List<Path>> testSources(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(path -> path.toString().endsWith(".java"))
          .filter(path -> path.toString().replace('\\', '/').contains("/src/test/java/"))
          .filter(path -> {
            Set<String> parts = new HashSet<>();
            root.relativize(path).forEach(part -> parts.add(part.toString()));
            parts.retainAll(SKIPPED_DIRECTORIES);
            return parts.isEmpty();
          })
          .collect(Collectors.groupingBy(path -> path.getFileName().toString()));
    }
  }

  private static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docs/parity.md"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("a directory above the module with docs/parity.md").isNotNull();
    return dir;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
