package io.backupsidecar.app.architecture;

import static io.backupsidecar.app.architecture.ProductionClasses.ROOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.library.dependencies.Slice;
import com.tngtech.archunit.library.dependencies.Slices;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards against vacuous architecture rules: {@link ArchitectureTest} sees every production layer
 * and nothing else.
 */
class ImportedClassesTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProduction() {
    production = ProductionClasses.importAll();
  }

  @Test
  void architecture_test_imports_exactly_like_production_classes() {
    AnalyzeClasses analyze = ArchitectureTest.class.getAnnotation(AnalyzeClasses.class);
    assertEquals(List.of(ROOT), List.of(analyze.packages()));
    assertEquals(ProductionClasses.IMPORT_OPTIONS, List.of(analyze.importOptions()));
  }

  @Test
  void every_layer_has_production_classes() {
    for (String pkg :
        List.of(
            "domain.model",
            "domain.port",
            "domain.service",
            "app",
            "app.cli",
            "adapter.fs",
            "adapter.sidecar",
            "adapter.facts")) {
      long count =
          production.stream().filter(c -> c.getPackageName().equals(ROOT + "." + pkg)).count();
      assertTrue(count > 0, "no production classes imported in " + ROOT + "." + pkg);
    }
  }

  @Test
  void test_fakes_and_fixtures_are_not_imported() {
    Set<String> testCode =
        production.stream()
            .map(JavaClass::getName)
            .filter(
                name ->
                    name.contains(".archfixture.")
                        || name.contains(".domain.fakes.")
                        || name.contains(".architecture.")
                        || name.endsWith("Test")
                        || name.endsWith("Contract"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), testCode);
  }

  @Test
  void test_jar_fakes_are_on_the_classpath_so_their_exclusion_is_real() {
    // Without the import options the domain's test-jar (and this module's test classes) are
    // seen: the empty set above is the options' doing, not an accident of the classpath.
    JavaClasses unfiltered = new ClassFileImporter().importPackages(ROOT);
    assertTrue(unfiltered.containPackage(ROOT + ".domain.fakes"));
    assertTrue(unfiltered.containPackage("io.backupsidecar.archfixture"));
    assertFalse(production.containPackage(ROOT + ".domain.fakes"));
  }

  @Test
  void ports_have_adapter_implementations() {
    Set<String> implementations =
        production.stream()
            .filter(ArchitectureRules.implementAPort(ROOT))
            .filter(c -> !c.isInterface())
            .map(JavaClass::getSimpleName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(
        implementations.containsAll(
            Set.of(
                "NioNodeInspector",
                "NioArtifactStore",
                "FileChannelDurability",
                "Sha256Hasher",
                "JacksonSidecarCodec",
                "JsonLinesFactEmitter")),
        "port implementations found: " + implementations);
  }

  @Test
  void cycle_check_sees_every_package_as_a_slice() {
    Set<String> slices = sliceNames(Slices.matching(ROOT + ".(**)").transform(production));
    assertTrue(
        slices.containsAll(
            Set.of(
                "domain.model",
                "domain.port",
                "domain.service",
                "app",
                "app.cli",
                "adapter.fs",
                "adapter.sidecar",
                "adapter.facts")),
        "slices: " + slices);
  }

  @Test
  void adapter_independence_sees_the_three_adapters() {
    assertEquals(
        Set.of("fs", "sidecar", "facts"),
        sliceNames(Slices.matching(ROOT + ".adapter.(*)..").transform(production)));
  }

  private static Set<String> sliceNames(Slices slices) {
    Set<String> names = new TreeSet<>();
    for (Slice slice : slices) {
      names.add(slice.getNamePart(1));
    }
    return names;
  }
}
