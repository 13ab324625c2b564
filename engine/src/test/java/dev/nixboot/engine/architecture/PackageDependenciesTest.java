package dev.nixboot.engine.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The engine's packages depend one way, so each can be read and tested without the ones above it; and the engine is
 * a library that never reaches up into the steps or the command line built on it.
 */
@AnalyzeClasses(packages = "dev.nixboot.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageDependenciesTest {

    @ArchTest
    static final ArchRule packagesFormNoCycles =
            slices().matching("dev.nixboot.engine.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule engineNeverDependsOnStepsOrCli = noClasses()
            .that()
            .resideInAPackage("dev.nixboot.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.nixboot.steps..", "dev.nixboot.cli..");

    /** The API front ends use names the SPI's types but none of the engine's workings. */
    @ArchTest
    static final ArchRule apiDependsOnNothingInTheEngineButSpi = noClasses()
            .that()
            .resideInAPackage("dev.nixboot.engine.api..")
            .should()
            .dependOnClassesThat(resideInAPackage("dev.nixboot.engine..")
                    .and(resideOutsideOfPackages("dev.nixboot.engine.api..", "dev.nixboot.engine.spi..")));

    /** The SPI steps implement stands alone: a step needs nothing of the engine but it. */
    @ArchTest
    static final ArchRule spiDependsOnNothingInTheEngineButItself = noClasses()
            .that()
            .resideInAPackage("dev.nixboot.engine.spi..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.nixboot.engine..").and(resideOutsideOfPackages("dev.nixboot.engine.spi..")));
}
