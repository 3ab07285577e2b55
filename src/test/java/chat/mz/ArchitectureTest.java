package chat.mz;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Holds the package layering of the design: dependencies point down, from the launcher through the
 * desktop UI and the command line to the client core and the homeserver, and from there to the
 * shared protocol, identity and crypto code.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the predefined option knows only target/test-classes; builds may use another folder
            .withImportOption(location -> !location.contains("/test-classes/"))
            .importPackages("chat.mz");

    @Test
    void dependenciesPointDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("app").definedBy("chat.mz.app..")
                .layer("ui").definedBy("chat.mz.ui..")
                .layer("cli").definedBy("chat.mz.cli..")
                .layer("client").definedBy("chat.mz.client..")
                .layer("history").definedBy("chat.mz.history..")
                .layer("server").definedBy("chat.mz.server..")
                .layer("protocol").definedBy("chat.mz.protocol..")
                .layer("identity").definedBy("chat.mz.identity..")
                .layer("crypto").definedBy("chat.mz.crypto..")
                .layer("storage").definedBy("chat.mz.storage..")
                .whereLayer("app").mayNotBeAccessedByAnyLayer()
                .whereLayer("ui").mayOnlyBeAccessedByLayers("app")
                .whereLayer("cli").mayOnlyBeAccessedByLayers("app")
                .whereLayer("server").mayOnlyBeAccessedByLayers("app", "cli")
                .whereLayer("client").mayOnlyBeAccessedByLayers("app", "ui", "cli")
                .whereLayer("history").mayOnlyBeAccessedByLayers("app", "cli", "client")
                .whereLayer("protocol").mayOnlyBeAccessedByLayers("app", "cli", "client", "server")
                .whereLayer("identity").mayOnlyBeAccessedByLayers("app", "cli", "client", "server")
                .whereLayer("crypto").mayOnlyBeAccessedByLayers("app", "cli", "client", "history", "server",
                        "identity")
                .whereLayer("storage").mayOnlyBeAccessedByLayers("server", "history")
                .check(CLASSES);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("chat.mz.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheDesktopUsesJavaFx() {
        noClasses().that().resideOutsideOfPackages("chat.mz.ui..", "chat.mz.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "atlantafx..")
                .check(CLASSES);
    }

    @Test
    void viewModelsStayFreeOfTheSceneGraph() {
        noClasses().that().haveSimpleNameEndingWith("ViewModel")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
                .check(CLASSES);
    }

    @Test
    void cryptoIsPrimitivesOnly() {
        noClasses().that().resideInAPackage("chat.mz.crypto..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.sql..", "java.nio.file..",
                        "org.java_websocket..", "org.h2..")
                .allowEmptyShould(true)
                .check(CLASSES);
    }
}
