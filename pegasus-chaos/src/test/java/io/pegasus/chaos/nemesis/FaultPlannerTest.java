package io.pegasus.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlannerTest {
    private static final List<String> METAS = List.of("meta1", "meta2", "meta3");
    private static final List<String> REPLICAS = List.of("replica1", "replica2", "replica3");

    private static FaultPlanner planner(long seed, FaultPlanner.Limits limits) {
        return new FaultPlanner(seed, "zk", METAS, REPLICAS, limits);
    }

    private static FaultPlanner.Limits limits(int replicas, int metas, boolean zk, boolean partitions) {
        return new FaultPlanner.Limits(replicas, metas, zk, partitions, 1000, 5000);
    }

    /** Plays {@code steps} steps, applying each to the active set as the runner does; returns the steps. */
    private static List<NemesisStep> play(FaultPlanner p, int steps, List<Set<Fault>> states) {
        Set<Fault> active = new HashSet<>();
        List<NemesisStep> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            NemesisStep s = p.next(Set.copyOf(active));
            out.add(s);
            if (s instanceof NemesisStep.Start st) {
                assertThat(active.add(st.fault())).isTrue();
            } else if (s instanceof NemesisStep.Heal h) {
                assertThat(active.remove(h.fault()))
                        .as("heals only active faults")
                        .isTrue();
            }
            states.add(Set.copyOf(active));
        }
        return out;
    }

    @Test
    void aScheduleIsItsSeed() {
        FaultPlanner.Limits l = limits(1, 1, true, true);
        assertThat(play(planner(7, l), 300, new ArrayList<>())).isEqualTo(play(planner(7, l), 300, new ArrayList<>()));
        assertThat(play(planner(7, l), 300, new ArrayList<>()))
                .isNotEqualTo(play(planner(8, l), 300, new ArrayList<>()));
    }

    @Test
    void limitsHoldAtEveryStep() {
        List<Set<Fault>> states = new ArrayList<>();
        List<NemesisStep> steps = play(planner(11, limits(1, 2, true, true)), 5000, states);
        for (Set<Fault> active : states) {
            long replicaFaults = active.stream()
                    .filter(f -> !(f instanceof Fault.Split))
                    .filter(f -> f.hosts().stream().anyMatch(REPLICAS::contains))
                    .count();
            long metaFaults = active.stream()
                    .filter(f -> !(f instanceof Fault.Split))
                    .filter(f -> f.hosts().stream().anyMatch(METAS::contains))
                    .count();
            assertThat(replicaFaults).isLessThanOrEqualTo(1);
            assertThat(metaFaults).isLessThanOrEqualTo(2);
            // one fault per host
            List<String> hosts = new ArrayList<>();
            active.forEach(f -> hosts.addAll(f.hosts()));
            assertThat(hosts).doesNotHaveDuplicates();
            if (active.stream().anyMatch(f -> f instanceof Fault.Split)) {
                assertThat(active).hasSize(1);
            }
        }
        for (NemesisStep s : steps) {
            assertThat(s.delayMillis()).isBetween(1000L, 5000L);
        }
    }

    @Test
    void everyKindOfFaultComesUp() {
        Map<String, Integer> kinds = new HashMap<>();
        for (NemesisStep s : play(planner(3, limits(1, 1, true, true)), 3000, new ArrayList<>())) {
            if (s instanceof NemesisStep.Start st) {
                Fault f = st.fault();
                String target =
                        f.hosts().size() > 1 ? "" : f.hosts().iterator().next().replaceAll("\\d", "");
                kinds.merge(f.getClass().getSimpleName() + ":" + target, 1, Integer::sum);
            }
        }
        assertThat(kinds)
                .containsKeys(
                        "Kill:replica",
                        "Pause:replica",
                        "Isolate:replica",
                        "Kill:meta",
                        "Pause:meta",
                        "Isolate:meta",
                        "Kill:zk",
                        "Pause:zk",
                        "Isolate:zk",
                        "CutLink:",
                        "Split:");
        assertThat(kinds.get("Kill:replica")).isGreaterThan(kinds.get("Kill:zk"));
    }

    @Test
    void withoutPartitionsOnlyProcessFaults() {
        for (NemesisStep s : play(planner(5, limits(2, 1, false, false)), 2000, new ArrayList<>())) {
            if (s instanceof NemesisStep.Start st) {
                assertThat(st.fault().needsPartitions()).isFalse();
                assertThat(st.fault().hosts()).doesNotContain("zk");
            }
        }
    }

    @Test
    void onlyTheAllowedKindsOfFault() {
        FaultPlanner.Limits killsOnly = new FaultPlanner.Limits(1, 1, true, true, 1000, 5000, Set.of("kill-replica"));
        int kills = 0;
        for (NemesisStep s : play(planner(9, killsOnly), 500, new ArrayList<>())) {
            if (s instanceof NemesisStep.Start st) {
                assertThat(st.fault()).isInstanceOf(Fault.Kill.class);
                assertThat(REPLICAS).containsAll(st.fault().hosts());
                kills++;
            }
        }
        assertThat(kills).isGreaterThan(100);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new FaultPlanner.Limits(1, 1, true, true, 1000, 5000, Set.of("kill-everything")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void metaServerFaultsMayBeAimedAtTheLeader() {
        for (NemesisStep s : play(planner(5, limits(1, 1, true, true)), 2000, new ArrayList<>())) {
            if (s instanceof NemesisStep.Start st) {
                boolean meta = st.fault().hosts().size() == 1
                        && METAS.containsAll(st.fault().hosts());
                assertThat(st.aimAtLeader()).isEqualTo(meta);
            }
        }
    }

    @Test
    void nothingAllowedAndNothingActiveIsIdle() {
        FaultPlanner p = planner(1, limits(0, 0, false, false));
        assertThat(p.next(Set.of())).isInstanceOf(NemesisStep.Idle.class);
    }
}
