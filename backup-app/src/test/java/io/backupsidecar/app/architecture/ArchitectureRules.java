package io.backupsidecar.app.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.accessTargetWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * The architecture rules of DESIGN.md §2, as factories over a root package: {@link
 * ArchitectureTest} applies them to {@code io.backupsidecar}, {@link ArchitectureRulesCanFailTest}
 * to deliberately broken fixtures under {@code io.backupsidecar.archfixture}, so every rule here is
 * shown to report a violation.
 */
final class ArchitectureRules {

  private ArchitectureRules() {}

  // ---- 1. onion layering -----------------------------------------------------------------

  /**
   * The rings of the hexagon. The composition root ({@code app} and {@code app.cli}) wires the
   * adapters with {@code new}, so it is the one place allowed to depend on them; everything else
   * onionArchitecture() forbids (outer to inner only, no adapter to adapter) stays forbidden.
   */
  static ArchRule onion_layering(String root) {
    return Architectures.onionArchitecture()
        .domainModels(root + ".domain.model..")
        .domainServices(root + ".domain.port..", root + ".domain.service..")
        .applicationServices(root + ".app..")
        .adapter("fs", root + ".adapter.fs..")
        .adapter("sidecar", root + ".adapter.sidecar..")
        .adapter("facts", root + ".adapter.facts..")
        .ensureAllClassesAreContainedInArchitecture()
        .ignoreDependency(
            resideInAnyPackage(root + ".app", root + ".app.cli")
                .as("the composition root (" + root + ".app, " + root + ".app.cli)"),
            resideInAPackage(root + ".adapter.."))
        .because(
            "dependencies point inwards (adapters -> app -> ports/services -> model); only the"
                + " composition root, which wires the adapters with new, may name them");
  }

  // ---- 2. the domain is plain JDK ---------------------------------------------------------

  /**
   * Allow-list: the domain may use the JDK and itself, nothing else (no Jackson, Guava, picocli).
   */
  static ArchRule domain_depends_only_on_the_jdk_and_itself(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .onlyDependOnClassesThat(resideInAnyPackage("java..", root + ".domain.."))
        .because("the domain depends on nothing but the JDK, so any host can embed it (DESIGN §2)");
  }

  static ArchRule domain_does_not_use_jackson(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.fasterxml.jackson..")
        .because(
            "JSON is an adapter concern: the domain speaks to it through the SidecarCodec port");
  }

  static ArchRule domain_does_not_use_files(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat()
        .belongToAnyOf(Files.class)
        .because(
            "the domain reaches the filesystem only through its ports (NodeInspector,"
                + " ArtifactStore, Durability), so Jimfs or another backend can replace it");
  }

  static ArchRule domain_does_not_open_files(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .dependOnClassesThat(
            belongToAnyOf(
                    File.class,
                    FileInputStream.class,
                    FileOutputStream.class,
                    RandomAccessFile.class,
                    FileReader.class,
                    FileWriter.class,
                    FileChannel.class,
                    AsynchronousFileChannel.class)
                .as("java.io.File*, RandomAccessFile or a file channel"))
        .because(
            "file I/O belongs in the adapters; java.nio.file.Path is fine as an identifier, opening"
                + " what it names is not");
  }

  static ArchRule domain_does_not_write_to_standard_streams(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("the domain reports through the FactEmitter port, never to the console");
  }

  /**
   * Wall-clock reads: {@code System.currentTimeMillis()}, any {@code now(..)} of a java.time type
   * ({@code Instant.now()} and {@code LocalDateTime.now()} in all overloads, and their siblings),
   * the {@code Clock.system*} factories and {@code new Date()}. {@code System.nanoTime()} (a
   * duration source) and {@code clock.instant()} remain allowed. Method references count too.
   */
  static ArchRule domain_does_not_read_the_wall_clock(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain..")
        .should(accessTargetWhere(WALL_CLOCK_READ))
        .because("time comes from an injected java.time.Clock, so tests can fake and advance it");
  }

  private static final DescribedPredicate<JavaAccess<?>> WALL_CLOCK_READ =
      DescribedPredicate.describe(
          "a wall-clock read (System.currentTimeMillis, java.time *.now, Clock.system*, new"
              + " Date())",
          access -> isWallClockRead(access.getTarget()));

  private static boolean isWallClockRead(AccessTarget target) {
    String owner = target.getOwner().getName();
    String name = target.getName();
    if (owner.equals(System.class.getName())) {
      return name.equals("currentTimeMillis");
    }
    if (owner.equals(Clock.class.getName())) {
      return name.equals("systemUTC") || name.equals("systemDefaultZone") || name.equals("system");
    }
    if (owner.startsWith("java.time.")) {
      return name.equals("now");
    }
    if (owner.equals(Date.class.getName()) && name.equals(JavaConstructor.CONSTRUCTOR_NAME)) {
      return target instanceof AccessTarget.CodeUnitAccessTarget
          && ((AccessTarget.CodeUnitAccessTarget) target).getRawParameterTypes().isEmpty();
    }
    return false;
  }

  // ---- 3. adapters are independent ---------------------------------------------------------

  static ArchRule adapters_do_not_depend_on_each_other(String root) {
    return slices()
        .matching(root + ".adapter.(*)..")
        .should()
        .notDependOnEachOther()
        .because("an adapter reaches another technology only through a domain port (STYLE)");
  }

  // ---- 4. ports ----------------------------------------------------------------------------

  /** Ports are interfaces; a type nested in a port interface (Hasher.Session) belongs to it. */
  static ArchRule ports_are_interfaces(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".domain.port..")
        .should(beAnInterfaceOrNestedInOne())
        .because("a port is a contract the services call and an adapter fulfils (DESIGN §2)");
  }

  private static ArchCondition<JavaClass> beAnInterfaceOrNestedInOne() {
    return new ArchCondition<>("be interfaces or types nested in an interface") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        boolean satisfied = javaClass.isInterface() || enclosedByAnInterface(javaClass);
        String message =
            String.format(
                "Class <%s> is %s in %s",
                javaClass.getName(),
                satisfied ? "an interface or nested in one" : "not an interface",
                javaClass.getSourceCodeLocation());
        events.add(new SimpleConditionEvent(javaClass, satisfied, message));
      }
    };
  }

  private static boolean enclosedByAnInterface(JavaClass javaClass) {
    for (Optional<JavaClass> outer = javaClass.getEnclosingClass();
        outer.isPresent();
        outer = outer.get().getEnclosingClass()) {
      if (outer.get().isInterface()) {
        return true;
      }
    }
    return false;
  }

  /** Whoever implements a port is an adapter; test fakes do so too, but tests are not imported. */
  static ArchRule port_implementations_live_in_adapters(String root) {
    return classes()
        .that(implementAPort(root))
        .and()
        .areNotInterfaces()
        .should()
        .resideInAPackage(root + ".adapter..")
        .because("the domain defines ports and the adapters implement them (hexagonal)");
  }

  static DescribedPredicate<JavaClass> implementAPort(String root) {
    return JavaClass.Predicates.implement(resideInAPackage(root + ".domain.port.."))
        .as("implement a port of " + root + ".domain.port");
  }

  static ArchRule services_do_not_depend_on_adapters_or_the_app(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".domain.service..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(root + ".adapter..", root + ".app..")
        .because("the services depend only on ports, so a host can swap any backend");
  }

  // ---- 5. cycles ---------------------------------------------------------------------------

  static ArchRule packages_are_free_of_cycles(String root) {
    return slices()
        .matching(root + ".(**)")
        .should()
        .beFreeOfCycles()
        .because("a package cycle makes the rings meaningless");
  }

  // ---- 6. general coding rules, scoped to the root -----------------------------------------

  /**
   * GeneralCodingRules' condition only sees a JUL {@code Logger} being stored in a field; a {@code
   * Logger.getLogger(..).info(..)} inline slips through it, so any dependency counts too.
   */
  static ArchRule no_java_util_logging(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should(GeneralCodingRules.USE_JAVA_UTIL_LOGGING)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("java.util.logging..")
        .because("diagnostics are facts emitted through FactEmitter, not log lines");
  }

  static ArchRule no_jodatime(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should(GeneralCodingRules.USE_JODATIME)
        .because("java.time is the time API here (Clock, Instant, Duration)");
  }

  static ArchRule no_generic_exceptions(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should(GeneralCodingRules.THROW_GENERIC_EXCEPTIONS)
        .because(
            "failures are BackupException with a stable error id, NIO's IOExceptions or a"
                + " precise JDK exception, never a bare Exception/RuntimeException/Throwable");
  }

  /**
   * Only {@code app.cli.Main} touches System.out/err: it wraps them in the PrintWriters every
   * command writes to, which is what lets tests capture the CLI's output.
   */
  static ArchRule only_main_touches_standard_streams(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .and()
        .doNotHaveFullyQualifiedName(root + ".app.cli.Main")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because(
            "output goes to the PrintWriter (or stream) a caller hands in; Main alone binds"
                + " those to the process's standard streams");
  }

  // ---- 7. adapters do not reach the default filesystem -------------------------------------

  /**
   * No {@code Path.of}, {@code Paths.get} or {@code FileSystems.getDefault()} in adapters (STYLE
   * lesson 6), not even to compare a FileSystem with the default one: which filesystem is the
   * platform's is told by its provider's scheme, and the process uid is chosen by the composition
   * root ({@code FsBackend.processUid()}), not by an inspector.
   */
  static ArchRule adapters_do_not_reach_the_default_filesystem(String root) {
    DescribedPredicate<JavaAccess<?>> staticFilesystemAccess =
        DescribedPredicate.describe(
            "a call to Path.of, Paths.get or FileSystems.getDefault",
            access -> isDefaultFilesystemEntry(access.getTarget()));
    return noClasses()
        .that()
        .resideInAPackage(root + ".adapter..")
        .should(accessTargetWhere(staticFilesystemAccess))
        .because(
            "adapters receive a FileSystem or Path from the composition root, so Jimfs can replace"
                + " the real filesystem (STYLE lesson 6)");
  }

  private static boolean isDefaultFilesystemEntry(AccessTarget target) {
    String owner = target.getOwner().getName();
    String name = target.getName();
    return (owner.equals(Path.class.getName()) && name.equals("of"))
        || (owner.equals(Paths.class.getName()) && name.equals("get"))
        || (owner.equals(FileSystems.class.getName()) && name.equals("getDefault"));
  }
}
