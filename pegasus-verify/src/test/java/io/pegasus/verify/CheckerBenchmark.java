package io.pegasus.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long the checker takes on histories of a correct store (the common case: a pass must explore every key to the
 * end), by shape. Not a test: {@code bin/bench-main pegasus-verify io.pegasus.verify.CheckerBenchmark [histories]}.
 */
public final class CheckerBenchmark {
    private CheckerBenchmark() {}

    public static void main(String[] args) {
        int histories = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<RandomHistories.Shape> shapes = List.of(
                new RandomHistories.Shape(5, 10, 2_000, 0.0),
                new RandomHistories.Shape(5, 10, 2_000, 0.02),
                new RandomHistories.Shape(5, 10, 2_000, 0.10),
                new RandomHistories.Shape(5, 1, 2_000, 0.02),
                new RandomHistories.Shape(10, 10, 2_000, 0.05),
                new RandomHistories.Shape(10, 1, 2_000, 0.05));
        LinearizabilityChecker checker = new LinearizabilityChecker();
        // warm up the JIT on the first shape
        for (int i = 0; i < 5; i++) {
            checker.check(RandomHistories.generate(shapes.get(0), -1 - i), Duration.ofMinutes(1));
        }
        System.out.printf("%-44s %10s %10s %10s %12s%n", "shape", "median ms", "max ms", "timeouts", "states/hist");
        for (RandomHistories.Shape shape : shapes) {
            List<Long> millis = new ArrayList<>();
            int timeouts = 0;
            long states = 0;
            for (int seed = 0; seed < histories; seed++) {
                List<Op> h = RandomHistories.generate(shape, seed);
                CheckResult r = checker.check(h, Duration.ofSeconds(60));
                if (r.outcome() == CheckResult.Outcome.TIMEOUT) {
                    timeouts++;
                } else if (!r.linearizable()) {
                    throw new AssertionError("a correct history failed: " + r.describe());
                }
                millis.add(r.elapsedNanos() / 1_000_000);
                states += r.statesExplored();
            }
            Collections.sort(millis);
            System.out.printf(
                    "%-44s %10d %10d %10d %12d%n",
                    shape.clients() + " clients, " + shape.keys() + " keys, " + shape.operations() + " ops, "
                            + Math.round(shape.unknownRate() * 100) + "% unknown",
                    millis.get(millis.size() / 2),
                    millis.get(millis.size() - 1),
                    timeouts,
                    states / histories);
        }
    }
}
