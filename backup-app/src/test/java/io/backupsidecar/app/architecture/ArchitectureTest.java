package io.backupsidecar.app.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Guards the hexagon of DESIGN.md §2 on the production classes of every module. */
@AnalyzeClasses(
    packages = ProductionClasses.ROOT,
    importOptions = {
      ImportOption.DoNotIncludeTests.class,
      ProductionClasses.DoNotIncludeTestJars.class
    })
class ArchitectureTest {

  private static final String ROOT = ProductionClasses.ROOT;

  @ArchTest static final ArchRule onion_layering = ArchitectureRules.onion_layering(ROOT);

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk_and_itself =
      ArchitectureRules.domain_depends_only_on_the_jdk_and_itself(ROOT);

  @ArchTest
  static final ArchRule domain_does_not_use_jackson =
      ArchitectureRules.domain_does_not_use_jackson(ROOT);

  @ArchTest
  static final ArchRule domain_does_not_use_files =
      ArchitectureRules.domain_does_not_use_files(ROOT);

  @ArchTest
  static final ArchRule domain_does_not_open_files =
      ArchitectureRules.domain_does_not_open_files(ROOT);

  @ArchTest
  static final ArchRule domain_does_not_write_to_standard_streams =
      ArchitectureRules.domain_does_not_write_to_standard_streams(ROOT);

  @ArchTest
  static final ArchRule domain_does_not_read_the_wall_clock =
      ArchitectureRules.domain_does_not_read_the_wall_clock(ROOT);

  @ArchTest
  static final ArchRule adapters_do_not_depend_on_each_other =
      ArchitectureRules.adapters_do_not_depend_on_each_other(ROOT);

  @ArchTest
  static final ArchRule ports_are_interfaces = ArchitectureRules.ports_are_interfaces(ROOT);

  @ArchTest
  static final ArchRule port_implementations_live_in_adapters =
      ArchitectureRules.port_implementations_live_in_adapters(ROOT);

  @ArchTest
  static final ArchRule services_do_not_depend_on_adapters_or_the_app =
      ArchitectureRules.services_do_not_depend_on_adapters_or_the_app(ROOT);

  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      ArchitectureRules.packages_are_free_of_cycles(ROOT);

  @ArchTest
  static final ArchRule no_java_util_logging = ArchitectureRules.no_java_util_logging(ROOT);

  @ArchTest static final ArchRule no_jodatime = ArchitectureRules.no_jodatime(ROOT);

  @ArchTest
  static final ArchRule no_generic_exceptions = ArchitectureRules.no_generic_exceptions(ROOT);

  @ArchTest
  static final ArchRule only_main_touches_standard_streams =
      ArchitectureRules.only_main_touches_standard_streams(ROOT);

  @ArchTest
  static final ArchRule adapters_do_not_reach_the_default_filesystem =
      ArchitectureRules.adapters_do_not_reach_the_default_filesystem(ROOT);
}
