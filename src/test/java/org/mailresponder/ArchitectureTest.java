package org.mailresponder;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The house's layout, checked on the main classes: {@code app} wires everything (the service's and the admin CLI's
 * composition root), {@code camel} adapts the domain to Camel, {@code admin} is the command line (it drives the
 * service's routes through a producer template, so it may use Camel too); every other package is domain code that
 * knows neither Camel nor the packages above it.
 */
@AnalyzeClasses(packages = "org.mailresponder", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] WIRING = {"org.mailresponder.app..", "org.mailresponder.camel..",
            "org.mailresponder.admin.."};

    private static final String[] DOMAIN = {"org.mailresponder.compose..", "org.mailresponder.config..",
            "org.mailresponder.database..", "org.mailresponder.delivery..", "org.mailresponder.dkim..",
            "org.mailresponder.inbound..", "org.mailresponder.probe..", "org.mailresponder.ratelimit..",
            "org.mailresponder.report..", "org.mailresponder.s3..", "org.mailresponder.screen.."};

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("org.mailresponder.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule camelOnlyInWiringAndAdapters = noClasses()
            .that().resideInAPackage("org.mailresponder..").and().resideOutsideOfPackages(WIRING)
            .should().dependOnClassesThat().resideInAPackage("org.apache.camel..")
            .because("domain beans have no Camel types; adapters live in org.mailresponder.camel");

    @ArchTest
    static final ArchRule domainKnowsNoWiring = noClasses()
            .that().resideInAnyPackage(DOMAIN)
            .should().dependOnClassesThat().resideInAnyPackage(WIRING)
            .because("the layers read top-down: app > admin > camel > domain");

    @ArchTest
    static final ArchRule adaptersKnowNoCompositionRoot = noClasses()
            .that().resideInAPackage("org.mailresponder.camel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.mailresponder.app..", "org.mailresponder.admin..");

    @ArchTest
    static final ArchRule commandsKnowNoCompositionRoot = noClasses()
            .that().resideInAPackage("org.mailresponder.admin..")
            .should().dependOnClassesThat().resideInAPackage("org.mailresponder.app..")
            .because("the CLI reaches the service's beans through AdminEnvironment and Host, which app implements");
}
