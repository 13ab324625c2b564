package dev.nixboot.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * cli -> steps -> engine: the steps are usable by any front end, so they never reach up into the command line. (Maven
 * keeps the engine from seeing either; this module is the first to see both steps and cli.)
 */
@AnalyzeClasses(packages = "dev.nixboot", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDependenciesTest {

    @ArchTest
    static final ArchRule stepsNeverDependOnCli = noClasses()
            .that()
            .resideInAPackage("dev.nixboot.steps..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.nixboot.cli..");

    /** The cli finds steps through the engine (ServiceLoader) and never names one, so steps is a runtime dependency. */
    @ArchTest
    static final ArchRule cliNeverNamesAStep = noClasses()
            .that()
            .resideInAPackage("dev.nixboot.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.nixboot.steps..");
}
