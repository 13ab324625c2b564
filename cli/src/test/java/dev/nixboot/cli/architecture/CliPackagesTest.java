package dev.nixboot.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line in one place: every picocli command, and every option or argument (mixins included), lives in
 * {@code dev.nixboot.cli.command}, so a reader finds what {@code nixboot --help} lists there and nowhere else. The
 * cli's packages depend one way, with the entry point ({@code Main}, {@code Nixboot}) on top.
 */
@AnalyzeClasses(packages = "dev.nixboot.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class CliPackagesTest {
    private static final String COMMANDS = "dev.nixboot.cli.command";

    @ArchTest
    static final ArchRule commandsLiveInOnePackage =
            classes().that().areAnnotatedWith(Command.class).should().resideInAPackage(COMMANDS);

    @ArchTest
    static final ArchRule optionsLiveWithTheCommands = fields().that()
            .areAnnotatedWith(Option.class)
            .or()
            .areAnnotatedWith(Parameters.class)
            .or()
            .areAnnotatedWith(Mixin.class)
            .should()
            .beDeclaredInClassesThat()
            .resideInAPackage(COMMANDS);

    @ArchTest
    static final ArchRule packagesFormNoCycles =
            slices().matching("dev.nixboot.cli.(*)..").should().beFreeOfCycles();

    /** Main and the command line it assembles sit on top; nothing below reaches back up to them. */
    @ArchTest
    static final ArchRule nothingDependsOnTheEntryPoint = noClasses()
            .that()
            .resideInAPackage("dev.nixboot.cli.*..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.nixboot.cli");
}
