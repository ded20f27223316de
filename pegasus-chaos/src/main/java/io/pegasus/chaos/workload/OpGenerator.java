package io.pegasus.chaos.workload;

import io.pegasus.verify.OpKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chooses one client's next operation: a key of the current key generation and an operation mix of reads, writes,
 * increments, compare-and-sets and deletes. Pure and seeded.
 *
 * <p><b>Values are decimal integers</b>, so an increment never meets a value it cannot parse; values written by SET
 * and CAS are unique per client ({@code (client + 1) * 10^9 + n}), so a value read or found at the end names the
 * write that produced it unless an increment happens to reach it. <b>Key generations</b>: every
 * {@code generationMillis} the clients move to fresh keys, which bounds how many operations (and operations of
 * unknown outcome) one key's history holds, and so the checker's search.
 */
public final class OpGenerator {
    /** Percentages of each kind, in the order GET, SET, INCR, CAS, DEL. */
    public static final int[] DEFAULT_MIX = {40, 25, 12, 15, 8};

    private final int client;
    private final Random random;
    private final int keysPerGeneration;
    private final long generationNanos;
    private final int[] mix;
    private final Map<String, String> lastSeen = new HashMap<>();
    private long written;

    public OpGenerator(int client, long seed, int keysPerGeneration, long generationMillis, int[] mix) {
        if (mix.length != 5) {
            throw new IllegalArgumentException("the mix has 5 percentages");
        }
        this.client = client;
        this.random = new Random(seed);
        this.keysPerGeneration = keysPerGeneration;
        this.generationNanos = generationMillis * 1_000_000L;
        this.mix = mix.clone();
    }

    /** The key generation at {@code elapsedNanos} since the workload started. */
    public long generation(long elapsedNanos) {
        return generationNanos <= 0 ? 0 : elapsedNanos / generationNanos;
    }

    public static String key(long generation, int index) {
        return "g" + generation + "k" + index;
    }

    /** Every key of generations 0..{@code lastGeneration}. */
    public static List<String> keysUpTo(long lastGeneration, int keysPerGeneration) {
        List<String> keys = new ArrayList<>();
        for (long g = 0; g <= lastGeneration; g++) {
            for (int i = 0; i < keysPerGeneration; i++) {
                keys.add(key(g, i));
            }
        }
        return keys;
    }

    public PlannedOp next(long elapsedNanos) {
        String key = key(generation(elapsedNanos), random.nextInt(keysPerGeneration));
        int roll = random.nextInt(100);
        OpKind kind = OpKind.GET;
        int acc = 0;
        OpKind[] kinds = {OpKind.GET, OpKind.SET, OpKind.INCR, OpKind.CAS, OpKind.DEL};
        for (int i = 0; i < kinds.length; i++) {
            acc += mix[i];
            if (roll < acc) {
                kind = kinds[i];
                break;
            }
        }
        return switch (kind) {
            case GET -> PlannedOp.get(key);
            case SET -> new PlannedOp(OpKind.SET, key, freshValue(), null, 0);
            case DEL -> new PlannedOp(OpKind.DEL, key, null, null, 0);
            case INCR -> new PlannedOp(OpKind.INCR, key, null, null, 1 + random.nextInt(5));
            case CAS -> {
                // mostly compare with what this client last saw, so that some succeed; sometimes "must be absent"
                String expected = random.nextInt(4) == 0 ? null : lastSeen.get(key);
                yield new PlannedOp(OpKind.CAS, key, freshValue(), expected, 0);
            }
        };
    }

    private String freshValue() {
        written++;
        return Long.toString((client + 1) * 1_000_000_000L + written);
    }

    /** Tells the generator what this client learnt of a key's value (a read, an increment's result, a write). */
    public void observed(String key, String value) {
        if (value == null) {
            lastSeen.remove(key);
        } else {
            lastSeen.put(key, value);
        }
    }
}
