package io.hatchet4j.opentelemetry.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.hatchet4j.opentelemetry.HatchetTelemetry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class HelperClassesTest {

  /** The classes of hatchet4j-opentelemetry-api's package, from its jar or its classes directory. */
  private static List<String> instrumentationClasses() throws IOException, URISyntaxException {
    Path location = Path.of(HatchetTelemetry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(location)) {
      collect(location, location.resolve("io/hatchet4j/opentelemetry"), names);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(location, Map.of())) {
        Path root = jar.getPath("/");
        collect(root, root.resolve("io/hatchet4j/opentelemetry"), names);
      }
    }
    return names;
  }

  private static void collect(Path root, Path dir, List<String> names) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(path -> root.relativize(path).toString())
          .filter(name -> name.endsWith(".class") && !name.endsWith("package-info.class"))
          .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
          .forEach(names::add);
    }
  }

  @Test
  void everyInstrumentationClassIsInjectedOnce() throws Exception {
    List<String> injected = HelperClasses.NAMES.stream().filter(name -> !name.startsWith(HatchetAgentSupport.class.getPackageName())).toList();
    assertThat(injected).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(instrumentationClasses());
    assertThat(HelperClasses.NAMES).contains(HatchetAgentSupport.class.getName());
  }

  @Test
  void supertypesComeBeforeTheTypesThatExtendThem() throws Exception {
    List<String> order = HelperClasses.NAMES;
    for (String name : order) {
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      List<Class<?>> supertypes = new ArrayList<>(List.of(type.getInterfaces()));
      if (type.getSuperclass() != null) {
        supertypes.add(type.getSuperclass());
      }
      for (Class<?> supertype : supertypes) {
        if (order.contains(supertype.getName())) {
          assertThat(order.indexOf(supertype.getName())).as("%s before %s", supertype.getName(), name).isLessThan(order.indexOf(name));
        }
      }
    }
  }
}
