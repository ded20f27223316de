package io.pegasus.server.replication;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** STYLE 1, 5, 7: the replication core is pure: no IO, threads, clocks or randomness, no server libraries. */
class ReplicationArchitectureTest {

    private static final JavaClasses CORE = importCore();

    /** Only the package's own class files: scanning the whole classpath would take seconds. */
    private static JavaClasses importCore() {
        try {
            Path classes = Path.of(Replica.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            ArchConfiguration config = ArchConfiguration.get();
            boolean resolve = config.resolveMissingDependenciesFromClassPath();
            config.setResolveMissingDependenciesFromClassPath(false);
            try {
                return new ClassFileImporter().importPath(classes.resolve("io/pegasus/server/replication"));
            } finally {
                config.setResolveMissingDependenciesFromClassPath(resolve);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void replicationCoreDependsOnlyOnTheJdkBasicsAndOurErrorCodes() {
        classes()
                .that()
                .resideInAPackage("io.pegasus.server.replication")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.pegasus.server.replication",
                        "io.pegasus.base",
                        "java.lang",
                        "java.util",
                        "java.util.function",
                        "java.util.stream",
                        "java.lang.invoke",
                        "java.lang.runtime")
                .check(CORE);
    }

    @Test
    void replicationCoreReadsNoClockAndStartsNoThread() {
        noClasses()
                .that()
                .resideInAPackage("io.pegasus.server.replication")
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callConstructor(Thread.class)
                .orShould()
                .callConstructor(java.util.Random.class)
                .check(CORE);
    }
}
