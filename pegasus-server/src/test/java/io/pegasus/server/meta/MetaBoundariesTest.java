package io.pegasus.server.meta;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.pegasus.server.agent.MetaAgent;
import org.junit.jupiter.api.Test;

/**
 * Boundaries of the meta code that the build enforces (STYLE.md points 1, 5, 7): the decision classes are pure (no
 * ZooKeeper, no network, no clock, no threads), and the node side does not reach into the MetaServer.
 */
class MetaBoundariesTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pegasus.server.meta", "io.pegasus.server.agent", "io.pegasus.server.zk");

    /** The pure decision and model classes; {@link MetaService} and the classes around it do the IO. */
    private static final String[] PURE = {
        ClusterState.class.getName(),
        Table.class.getName(),
        PartitionConfig.class.getName(),
        NodeLoad.class.getName(),
        MetaRecord.class.getName() + "*",
        Decision.class.getName(),
        MetaAction.class.getName() + "*",
        TableOperations.class.getName() + "*",
        Placement.class.getName(),
        PartitionGuardian.class.getName(),
        ClusterGuardian.class.getName(),
        FailureDetector.class.getName() + "*",
        ReplicaReports.class.getName(),
        LearnerTracker.class.getName() + "*",
        MetaViews.class.getName() + "*",
        "io.pegasus.server.agent.LeaseTracker*",
        "io.pegasus.server.agent.MetaLeaderTracker",
    };

    @Test
    void decisionsDoNoIo() {
        noClasses()
                .that()
                .haveNameMatching(regex(PURE))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.zookeeper..",
                        "org.apache.curator..",
                        "io.netty..",
                        "io.pegasus.rpc..",
                        "java.util.concurrent..",
                        "java.net..",
                        "java.io..")
                .check(SERVER);
    }

    @Test
    void decisionsReadNoClock() {
        noClasses()
                .that()
                .haveNameMatching(regex(PURE))
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName(java.time.Clock.class.getName())
                .check(SERVER);
    }

    @Test
    void theNodeSideDoesNotDependOnTheMetaServer() {
        noClasses()
                .that()
                .resideInAPackage(MetaAgent.class.getPackageName())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.pegasus.server.meta..", "org.apache.zookeeper..", "org.apache.curator..")
                .check(SERVER);
    }

    private static String regex(String[] names) {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            String quoted = n.replace(".", "\\.").replace("$", "\\$");
            sb.append(quoted.endsWith("*") ? quoted.substring(0, quoted.length() - 1) + "(\\$.*)?" : quoted);
        }
        return sb.toString();
    }
}
