package io.backupsidecar.app.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the architecture rules look at: the main classes of every module, without test classes.
 * {@link ImportOption.DoNotIncludeTests} only knows test <em>directories</em>; once Maven has
 * packaged the reactor, backup-domain's fakes arrive as {@code backup-domain-*-tests.jar}, which it
 * lets through, hence {@link DoNotIncludeTestJars}.
 */
final class ProductionClasses {

  static final String ROOT = "io.backupsidecar";

  /** The options of {@link ArchitectureTest}'s {@code @AnalyzeClasses}, in the same order. */
  static final List<Class<? extends ImportOption>> IMPORT_OPTIONS =
      List.of(ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class);

  private ProductionClasses() {}

  /** Imports {@link #ROOT} the way {@link ArchitectureTest} does. */
  static JavaClasses importAll() {
    ClassFileImporter importer = new ClassFileImporter();
    for (Class<? extends ImportOption> option : IMPORT_OPTIONS) {
      try {
        importer = importer.withImportOption(option.getDeclaredConstructor().newInstance());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot create import option " + option.getName(), e);
      }
    }
    return importer.importPackages(ROOT);
  }

  /** Leaves out Maven test-jars ({@code *-tests.jar}), such as backup-domain's fakes. */
  static final class DoNotIncludeTestJars implements ImportOption {
    private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    @Override
    public boolean includes(Location location) {
      return !location.matches(TEST_JAR);
    }
  }
}
