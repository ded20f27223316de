package io.pegasus.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The boundaries of pegasus-core that the build enforces: the data model and protocol types are plain Java that a
 * Spark executor or a bulk-load job can use without a network stack, and nothing in core reaches for a server-side
 * dependency.
 */
class CoreBoundariesTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pegasus");

    @Test
    void dataModelAndProtocolTypesDoNotUseNetty() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.pegasus.data..", "io.pegasus.base..", "io.pegasus.thrift..", "io.pegasus.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..")
                .check(CORE);
    }

    @Test
    void coreDoesNotDependOnServerSideLibraries() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.rocksdb..", "org.apache.zookeeper..", "org.apache.curator..", "io.pegasus.server..")
                .check(CORE);
    }

    @Test
    void dataEncodingDoesNotDependOnTheRpcLayer() {
        noClasses()
                .that()
                .resideInAnyPackage("io.pegasus.data..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.pegasus.rpc..", "io.pegasus.client..")
                .check(CORE);
    }
}
