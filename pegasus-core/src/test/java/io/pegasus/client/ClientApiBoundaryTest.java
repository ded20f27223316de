package io.pegasus.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's public API is made of client types, byte arrays and JDK types only: no Netty, no RPC layer, no Thrift
 * structs leak into applications, so the internals can change without breaking them.
 */
class ClientApiBoundaryTest {
    private static final JavaClasses CLIENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.pegasus.client");

    private static final List<String> INTERNAL =
            List.of("io.netty.", "io.pegasus.rpc.", "io.pegasus.thrift.", "org.apache.thrift.");

    private static boolean internal(JavaClass c) {
        String name = c.getName();
        return INTERNAL.stream().anyMatch(name::startsWith);
    }

    @Test
    void publicMethodsExposeNoInternalTypes() {
        methods()
                .that()
                .arePublic()
                .and()
                .areDeclaredInClassesThat()
                .arePublic()
                .should(new ArchCondition<JavaMethod>("use no Netty, RPC or Thrift types in their signature") {
                    @Override
                    public void check(JavaMethod m, ConditionEvents events) {
                        boolean leaks = internal(m.getRawReturnType())
                                || m.getRawParameterTypes().stream().anyMatch(ClientApiBoundaryTest::internal);
                        if (leaks) {
                            events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes an internal type"));
                        }
                    }
                })
                .check(CLIENT);
    }

    @Test
    void optionsAndResultsDoNotDependOnTheNetwork() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Options")
                .or()
                .haveSimpleNameEndingWith("Result")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "io.pegasus.rpc..")
                .check(CLIENT);
    }
}
