package io.pegasus.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.verify.OpKind;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpGeneratorTest {
    private static OpGenerator gen(int client, long seed) {
        return new OpGenerator(client, seed, 8, 1000, OpGenerator.DEFAULT_MIX);
    }

    @Test
    void sameSeedSameOperations() {
        OpGenerator a = gen(0, 42);
        OpGenerator b = gen(0, 42);
        for (int i = 0; i < 200; i++) {
            assertThat(a.next(i * 1_000_000L)).isEqualTo(b.next(i * 1_000_000L));
        }
    }

    @Test
    void valuesAreDecimalIntegersUniquePerClient() {
        Set<String> values = new HashSet<>();
        for (int client = 0; client < 3; client++) {
            OpGenerator g = gen(client, 1);
            for (int i = 0; i < 2000; i++) {
                PlannedOp p = g.next(0);
                if (p.value() != null) {
                    Long.parseLong(p.value());
                    assertThat(values.add(p.value())).as("unique %s", p.value()).isTrue();
                }
                if (p.kind() == OpKind.INCR) {
                    assertThat(p.delta()).isBetween(1L, 5L);
                }
            }
        }
    }

    @Test
    void keysMoveToANewGenerationOverTime() {
        OpGenerator g = gen(0, 3);
        assertThat(g.next(500_000_000L).key()).startsWith("g0k");
        assertThat(g.next(1_500_000_000L).key()).startsWith("g1k");
        assertThat(OpGenerator.keysUpTo(1, 8)).hasSize(16).contains("g0k0", "g1k7");
    }

    @Test
    void everyKindIsIssuedRoughlyAsOftenAsTheMixSays() {
        OpGenerator g = gen(0, 5);
        Map<OpKind, Integer> n = new EnumMap<>(OpKind.class);
        for (int i = 0; i < 10_000; i++) {
            n.merge(g.next(0).kind(), 1, Integer::sum);
        }
        assertThat(n.get(OpKind.GET)).isBetween(3700, 4300);
        assertThat(n.get(OpKind.SET)).isBetween(2200, 2800);
        assertThat(n.get(OpKind.INCR)).isBetween(1000, 1400);
        assertThat(n.get(OpKind.CAS)).isBetween(1300, 1700);
        assertThat(n.get(OpKind.DEL)).isBetween(600, 1000);
    }

    @Test
    void casComparesWithWhatTheClientLastSaw() {
        OpGenerator g = gen(0, 9);
        for (int i = 0; i < 8; i++) {
            g.observed("g0k" + i, "77");
        }
        int withSeen = 0;
        int absent = 0;
        for (int i = 0; i < 2000; i++) {
            PlannedOp p = g.next(0);
            if (p.kind() == OpKind.CAS) {
                if (p.expected() == null) {
                    absent++;
                } else {
                    assertThat(p.expected()).isEqualTo("77");
                    withSeen++;
                }
            }
        }
        assertThat(withSeen).isGreaterThan(absent).isPositive();
        assertThat(absent).isPositive();
    }
}
