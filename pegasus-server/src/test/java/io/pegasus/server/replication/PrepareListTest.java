package io.pegasus.server.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PrepareListTest {

    private static Mutation m(long ballot, long decree) {
        return new Mutation(ballot, decree, decree, List.of());
    }

    @Test
    void commitsOnlyLoggedDecreesInOrder() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), false);
        list.append(m(1, 2), false);
        list.markLogged(1, 2);
        assertThat(list.nextCommittable()).isNull(); // decree 1 is not durable yet
        assertThat(list.loggedPrefix()).isZero();
        list.markLogged(1, 1);
        assertThat(list.loggedPrefix()).isEqualTo(2);
        assertThat(list.commitNext()).isEqualTo(m(1, 1));
        assertThat(list.commitNext()).isEqualTo(m(1, 2));
        assertThat(list.committedDecree()).isEqualTo(2);
        assertThatThrownBy(list::commitNext).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void appendMustBeTheNextDecree() {
        PrepareList list = new PrepareList(5, 10);
        assertThatThrownBy(() -> list.append(m(1, 7), false)).isInstanceOf(IllegalStateException.class);
        list.append(m(1, 6), false);
        assertThat(list.preparedDecree()).isEqualTo(6);
    }

    @Test
    void logCompletionOfAReplacedVersionIsIgnored() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), false);
        list.append(m(1, 2), false);
        list.replaceFrom(m(2, 1));
        assertThat(list.preparedDecree()).isEqualTo(1);
        assertThat(list.markLogged(1, 1)).isFalse();
        assertThat(list.isLogged(1)).isFalse();
        assertThat(list.markLogged(2, 1)).isTrue();
    }

    @Test
    void committedDecreesCanNeitherBeReplacedNorTruncated() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), true);
        list.commitNext();
        assertThatThrownBy(() -> list.replaceFrom(m(2, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> list.rewrite(m(2, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> list.truncateAfter(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsABoundedCacheOfCommittedMutationsForLearners() {
        PrepareList list = new PrepareList(0, 3);
        for (long d = 1; d <= 10; d++) {
            list.append(m(1, d), true);
            list.commitNext();
        }
        list.append(m(1, 11), false);
        assertThat(list.range(7, 11)).extracting(Mutation::decree).containsExactly(8L, 9L, 10L, 11L);
        assertThat(list.range(6, 11)).isNull(); // decree 7 was evicted
        assertThat(list.range(11, 11)).isEmpty();
        assertThat(list.uncommitted()).containsExactly(m(1, 11));
    }

    @Test
    void rewriteKeepsLaterDecreesAndResetForgetsEverything() {
        PrepareList list = new PrepareList(0, 10);
        list.append(m(1, 1), true);
        list.append(m(1, 2), true);
        list.rewrite(m(3, 1));
        assertThat(list.ballotAt(1)).isEqualTo(3);
        assertThat(list.isLogged(1)).isFalse();
        assertThat(list.ballotAt(2)).isEqualTo(1);
        list.resetTo(40);
        assertThat(list.committedDecree()).isEqualTo(40);
        assertThat(list.preparedDecree()).isEqualTo(40);
        assertThat(list.ballotAt(2)).isEqualTo(ReplicaMessage.NO_BALLOT);
    }

    /**
     * The list keeps its window in a ring that wraps and grows; against a plain sorted map of the same rules, under
     * random appends, log completions, commits, replacements, rewrites, truncations and resets, every observable
     * answer must agree.
     */
    @Test
    void agreesWithASortedMapModelUnderRandomOperations() {
        for (long seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            int cacheSize = 1 + rnd.nextInt(40);
            PrepareList list = new PrepareList(0, cacheSize);
            Model model = new Model(cacheSize);
            long ballot = 1;
            for (int step = 0; step < 400; step++) {
                int op = rnd.nextInt(100);
                long prepared = model.prepared();
                if (op < 40) {
                    boolean logged = rnd.nextBoolean();
                    list.append(m(ballot, prepared + 1), logged);
                    model.put(m(ballot, prepared + 1), logged);
                } else if (op < 65 && prepared > model.committed) {
                    long d = model.committed + 1 + rnd.nextInt((int) (prepared - model.committed));
                    long b = model.map.get(d).mutation.ballot();
                    assertThat(list.markLogged(b, d)).isTrue();
                    model.map.get(d).logged = true;
                } else if (op < 85) {
                    while (model.nextCommittable() != null) {
                        assertThat(list.commitNext()).isEqualTo(model.commitNext());
                    }
                } else if (op < 90 && prepared > model.committed) {
                    long d = model.committed + 1 + rnd.nextInt((int) (prepared - model.committed));
                    ballot++;
                    list.replaceFrom(m(ballot, d));
                    model.map.tailMap(d, true).clear();
                    model.put(m(ballot, d), false);
                } else if (op < 94 && prepared > model.committed) {
                    long d = model.committed + 1 + rnd.nextInt((int) (prepared - model.committed));
                    ballot++;
                    list.rewrite(m(ballot, d));
                    model.put(m(ballot, d), false);
                } else if (op < 98) {
                    long d = model.committed + rnd.nextInt((int) (prepared - model.committed) + 1);
                    list.truncateAfter(d);
                    model.map.tailMap(d, false).clear();
                } else {
                    long d = model.committed + rnd.nextInt(5);
                    list.resetTo(d);
                    model.map.clear();
                    model.committed = d;
                }
                String where = "seed " + seed + " step " + step + " " + list;
                assertThat(list.committedDecree()).as(where).isEqualTo(model.committed);
                assertThat(list.preparedDecree()).as(where).isEqualTo(model.prepared());
                assertThat(list.uncommitted()).as(where).isEqualTo(model.uncommitted());
                assertThat(list.loggedPrefix()).as(where).isEqualTo(model.loggedPrefix());
                for (long d = model.committed - cacheSize - 2; d <= model.prepared() + 2; d++) {
                    Model.Entry e = model.map.get(d);
                    assertThat(list.get(d)).as(where + " decree " + d).isEqualTo(e == null ? null : e.mutation);
                    assertThat(list.isLogged(d)).as(where + " decree " + d).isEqualTo(e != null && e.logged);
                }
                long from = model.committed - rnd.nextInt(cacheSize + 2);
                assertThat(list.range(from, model.prepared())).as(where).isEqualTo(model.range(from, model.prepared()));
            }
        }
    }

    /** The rules of {@link PrepareList} over a sorted map, as the list was first written. */
    private static final class Model {
        static final class Entry {
            final Mutation mutation;
            boolean logged;

            Entry(Mutation mutation, boolean logged) {
                this.mutation = mutation;
                this.logged = logged;
            }
        }

        final TreeMap<Long, Entry> map = new TreeMap<>();
        final int cacheSize;
        long committed;

        Model(int cacheSize) {
            this.cacheSize = cacheSize;
        }

        void put(Mutation m, boolean logged) {
            map.put(m.decree(), new Entry(m, logged));
        }

        long prepared() {
            return map.isEmpty() ? committed : Math.max(committed, map.lastKey());
        }

        Mutation nextCommittable() {
            Entry e = map.get(committed + 1);
            return e != null && e.logged ? e.mutation : null;
        }

        Mutation commitNext() {
            Mutation m = nextCommittable();
            committed++;
            while (!map.isEmpty() && map.firstKey() <= committed - cacheSize) {
                map.pollFirstEntry();
            }
            return m;
        }

        long loggedPrefix() {
            long d = committed;
            while (map.containsKey(d + 1) && map.get(d + 1).logged) {
                d++;
            }
            return d;
        }

        List<Mutation> uncommitted() {
            List<Mutation> out = new ArrayList<>();
            map.tailMap(committed, false).values().forEach(e -> out.add(e.mutation));
            return out;
        }

        List<Mutation> range(long fromExclusive, long toInclusive) {
            if (toInclusive <= fromExclusive) {
                return List.of();
            }
            if (!map.containsKey(fromExclusive + 1) || !map.containsKey(toInclusive)) {
                return null;
            }
            List<Mutation> out = new ArrayList<>();
            map.subMap(fromExclusive, false, toInclusive, true).values().forEach(e -> out.add(e.mutation));
            return out;
        }
    }
}
