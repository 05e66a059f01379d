package io.backupsidecar.app.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards the rules themselves: each rule of {@link ArchitectureRules}, applied to the deliberately
 * broken fixtures under {@code io.backupsidecar.archfixture}, reports the fixture that breaks it
 * (and not the fixtures that only come close).
 */
class ArchitectureRulesCanFailTest {

  private static final String ROOT = "io.backupsidecar.archfixture";

  private static JavaClasses fixtures;

  @BeforeAll
  static void importFixtures() {
    fixtures = new ClassFileImporter().importPackages(ROOT);
  }

  // ---- 1. onion ----------------------------------------------------------------------------

  @Test
  void domain_model_naming_an_adapter_is_reported() {
    String report = violations(ArchitectureRules.onion_layering(ROOT));
    assertOrigin(report, "domain.model.KnowsAnAdapter");
  }

  @Test
  void adapter_calling_another_adapter_breaks_the_onion() {
    assertOrigin(
        violations(ArchitectureRules.onion_layering(ROOT)), "adapter.fs.CallsSidecarAdapter");
  }

  @Test
  void class_outside_every_ring_is_reported() {
    assertTrue(
        violations(ArchitectureRules.onion_layering(ROOT)).contains(ROOT + ".stray.Stray"),
        "the stray package is not reported");
  }

  @Test
  void composition_root_may_wire_adapters() {
    String report = violations(ArchitectureRules.onion_layering(ROOT));
    assertNotOrigin(report, "app.Wiring");
    assertNotOrigin(report, "app.cli.WiresSidecar");
  }

  @Test
  void onion_with_an_empty_ring_fails() {
    JavaClasses withoutAdapters =
        new ClassFileImporter().importPackages(ROOT + ".domain", ROOT + ".app");
    EvaluationResult result = ArchitectureRules.onion_layering(ROOT).evaluate(withoutAdapters);
    assertTrue(result.hasViolation());
    assertTrue(
        result.getFailureReport().toString().contains("Layer 'fs adapter' is empty"),
        result.getFailureReport().toString());
  }

  // ---- 2. domain ---------------------------------------------------------------------------

  @Test
  void domain_importing_jackson_is_reported() {
    assertOrigin(
        violations(ArchitectureRules.domain_does_not_use_jackson(ROOT)),
        "domain.model.UsesJackson");
  }

  @Test
  void domain_outside_the_allow_list_is_reported() {
    String report = violations(ArchitectureRules.domain_depends_only_on_the_jdk_and_itself(ROOT));
    assertOrigin(report, "domain.model.UsesJackson");
    // the JDK is allowed, even its file API (named rules below catch that)
    assertNotOrigin(report, "domain.service.UsesFiles");
    assertNotOrigin(report, "domain.model.Value");
  }

  @Test
  void domain_calling_files_is_reported() {
    String report = violations(ArchitectureRules.domain_does_not_use_files(ROOT));
    assertOrigin(report, "domain.service.UsesFiles");
    assertTrue(report.contains("java.nio.file.Files.readAllBytes"), report);
  }

  @Test
  void domain_opening_file_streams_or_channels_is_reported() {
    String report = violations(ArchitectureRules.domain_does_not_open_files(ROOT));
    assertOrigin(report, "domain.service.OpensFileStreams");
    assertOrigin(report, "domain.service.OpensFileChannel");
    // Path as an identifier is fine
    assertNotOrigin(report, "domain.service.UsesFiles");
  }

  @Test
  void domain_printing_to_the_console_is_reported() {
    assertOrigin(
        violations(ArchitectureRules.domain_does_not_write_to_standard_streams(ROOT)),
        "domain.service.PrintsToConsole");
  }

  @Test
  void domain_reading_the_wall_clock_is_reported() {
    String report = violations(ArchitectureRules.domain_does_not_read_the_wall_clock(ROOT));
    assertOrigin(report, "domain.service.ReadsWallClock");
    assertOrigin(report, "domain.service.ReadsCurrentTimeMillis");
    assertOrigin(report, "domain.service.CreatesDate");
    assertOrigin(report, "domain.service.ReadsSystemClock");
    for (String target :
        List.of(
            "java.time.Instant.now()",
            "java.lang.System.currentTimeMillis()",
            "java.util.Date.<init>()",
            "java.time.Clock.systemUTC()",
            "java.time.Clock.systemDefaultZone()",
            "java.time.LocalDateTime.now(java.time.Clock)")) {
      assertTrue(report.contains(target), target + " not reported in:\n" + report);
    }
    assertTrue(report.contains("references method <java.time.Instant.now()>"), report);
  }

  @Test
  void nano_time_and_an_injected_clock_are_allowed() {
    assertNotOrigin(
        violations(ArchitectureRules.domain_does_not_read_the_wall_clock(ROOT)),
        "domain.service.MeasuresDurations");
  }

  // ---- 3. adapters -------------------------------------------------------------------------

  @Test
  void adapter_calling_another_adapter_is_reported() {
    String report = violations(ArchitectureRules.adapters_do_not_depend_on_each_other(ROOT));
    assertOrigin(report, "adapter.fs.CallsSidecarAdapter");
    assertTrue(report.contains(ROOT + ".adapter.sidecar.SidecarThing"), report);
  }

  // ---- 4. ports ----------------------------------------------------------------------------

  @Test
  void class_in_the_port_package_is_reported() {
    String report = violations(ArchitectureRules.ports_are_interfaces(ROOT));
    assertOrigin(report, "domain.port.NotAnInterface");
    assertNotOrigin(report, "domain.port.Store$Entry");
  }

  @Test
  void port_implemented_outside_the_adapters_is_reported() {
    String report = violations(ArchitectureRules.port_implementations_live_in_adapters(ROOT));
    assertOrigin(report, "domain.service.InlineStore");
    assertNotOrigin(report, "adapter.fs.FsStore");
  }

  @Test
  void service_naming_an_adapter_or_the_app_is_reported() {
    String report =
        violations(ArchitectureRules.services_do_not_depend_on_adapters_or_the_app(ROOT));
    assertOrigin(report, "domain.service.ReachesOutward");
    assertTrue(report.contains(ROOT + ".adapter.sidecar.SidecarThing"), report);
    assertTrue(report.contains(ROOT + ".app.Wiring"), report);
  }

  // ---- 5. cycles ---------------------------------------------------------------------------

  @Test
  void package_cycle_is_reported() {
    String report = violations(ArchitectureRules.packages_are_free_of_cycles(ROOT));
    assertTrue(report.contains("Cycle detected"), report);
    assertTrue(report.contains(ROOT + ".adapter.facts.CycleStart"), report);
    assertTrue(report.contains(ROOT + ".adapter.facts.internal.CycleEnd"), report);
  }

  // ---- 6. general coding rules -------------------------------------------------------------

  @Test
  void java_util_logging_is_reported() {
    String report = violations(ArchitectureRules.no_java_util_logging(ROOT));
    assertOrigin(report, "adapter.sidecar.LogsWithJul");
    assertOrigin(report, "adapter.sidecar.LogsWithJulInline");
  }

  @Test
  void joda_time_is_reported(@TempDir Path dir) throws IOException {
    // Joda-Time is not on the test classpath, so compile a stand-in and a user of it here.
    write(dir, "org/joda/time/DateTime.java", "package org.joda.time; public class DateTime {}");
    write(
        dir,
        "io/backupsidecar/archfixture/adapter/facts/UsesJodaTime.java",
        "package io.backupsidecar.archfixture.adapter.facts;"
            + " public class UsesJodaTime { org.joda.time.DateTime at; }");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-d",
            dir.toString(),
            dir.resolve("org/joda/time/DateTime.java").toString(),
            dir.resolve("io/backupsidecar/archfixture/adapter/facts/UsesJodaTime.java").toString());
    assertEquals(0, status, "javac failed");

    EvaluationResult result =
        ArchitectureRules.no_jodatime(ROOT).evaluate(new ClassFileImporter().importPath(dir));
    assertTrue(result.hasViolation());
    assertOrigin(result.getFailureReport().toString(), "adapter.facts.UsesJodaTime");
  }

  @Test
  void generic_exception_is_reported() {
    assertOrigin(
        violations(ArchitectureRules.no_generic_exceptions(ROOT)),
        "domain.service.ThrowsGenericException");
  }

  @Test
  void standard_streams_outside_main_are_reported() {
    String report = violations(ArchitectureRules.only_main_touches_standard_streams(ROOT));
    assertOrigin(report, "app.cli.PrintsDirectly");
    assertOrigin(report, "domain.service.PrintsToConsole");
    assertNotOrigin(report, "app.cli.Main");
  }

  // ---- 7. default filesystem ---------------------------------------------------------------

  @Test
  void adapter_calling_path_of_is_reported() {
    String report =
        violations(ArchitectureRules.adapters_do_not_reach_the_default_filesystem(ROOT));
    assertOrigin(report, "adapter.fs.OpensDefaultPaths");
    for (String target :
        List.of(
            "java.nio.file.Path.of(",
            "java.nio.file.Paths.get(",
            "java.nio.file.FileSystems.getDefault()")) {
      assertTrue(report.contains(target), target + " not reported in:\n" + report);
    }
  }

  @Test
  void even_an_identity_check_against_the_default_filesystem_is_reported() {
    String report =
        violations(ArchitectureRules.adapters_do_not_reach_the_default_filesystem(ROOT));
    assertTrue(report.contains(ROOT + ".adapter.fs.ChecksDefaultIdentity.elsewhere()"), report);
    assertTrue(report.contains(ROOT + ".adapter.fs.ChecksDefaultIdentity.forFileSystem("), report);
  }

  // ---- empty selections --------------------------------------------------------------------

  @Test
  void rule_over_an_empty_package_fails() {
    // archunit.properties sets archRule.failOnEmptyShould: a misspelt package checks nothing
    // and must fail rather than pass (buckpal's hand-written rules passed that way).
    String nowhere = ROOT + ".nowhere";
    for (ArchRule rule :
        List.of(
            ArchitectureRules.domain_does_not_use_jackson(nowhere),
            ArchitectureRules.ports_are_interfaces(nowhere),
            ArchitectureRules.packages_are_free_of_cycles(nowhere),
            ArchitectureRules.adapters_do_not_depend_on_each_other(nowhere))) {
      AssertionError error = assertThrows(AssertionError.class, () -> rule.evaluate(fixtures));
      assertTrue(error.getMessage().contains("failed to check any classes"), error.getMessage());
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** Evaluates {@code rule} on the fixtures, asserts it fails and returns the failure report. */
  private static String violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(fixtures);
    assertTrue(result.hasViolation(), "no violation from: " + rule.getDescription());
    return result.getFailureReport().toString();
  }

  /** A report line whose first {@code <...>} (the origin of the violation) is in {@code type}. */
  private static boolean reportsOrigin(String report, String type) {
    String fqcn = ROOT + "." + type;
    for (String line : report.split("\n")) {
      Matcher first = FIRST_TOKEN.matcher(line);
      if (first.find()) {
        String origin = first.group(1);
        if (origin.equals(fqcn) || origin.startsWith(fqcn + ".") || origin.startsWith(fqcn + "$")) {
          return true;
        }
      }
    }
    return false;
  }

  private static final Pattern FIRST_TOKEN = Pattern.compile("<([^>]+)>");

  private static void assertOrigin(String report, String type) {
    assertTrue(reportsOrigin(report, type), type + " is not reported in:\n" + report);
  }

  private static void assertNotOrigin(String report, String type) {
    assertFalse(reportsOrigin(report, type), type + " is reported in:\n" + report);
  }

  private static void write(Path dir, String file, String source) throws IOException {
    Path path = dir.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, source, StandardCharsets.UTF_8);
  }
}
