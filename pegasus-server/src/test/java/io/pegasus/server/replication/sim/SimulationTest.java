package io.pegasus.server.replication.sim;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deterministic simulation of issue 9 in the build: 200 seeds of 2,000 client operations each under random
 * faults; every seed must keep the invariants at every step, heal, lose no acknowledged write and leave a
 * linearizable history. {@code -Dpegasus.sim.seeds=N -Dpegasus.sim.firstSeed=S} runs other seeds (the long version is
 * {@link SimulationRunner}), {@code -Dpegasus.sim.trace=S} prints seed S's full trace.
 */
class SimulationTest {

    static long[] seeds() {
        long first = Long.getLong("pegasus.sim.firstSeed", 1);
        long[] s = new long[Integer.getInteger("pegasus.sim.seeds", 200)];
        for (int i = 0; i < s.length; i++) {
            s[i] = first + i;
        }
        return s;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void historyIsLinearizableAndNoAcknowledgedWriteIsLostUnderRandomFaults(long seed) {
        if (Long.valueOf(seed).equals(Long.getLong("pegasus.sim.trace"))) {
            Simulation.run(seed, Simulation.Settings.standard(), System.out::println);
        } else {
            Simulation.runOrExplain(seed, Simulation.Settings.standard());
        }
    }
}
