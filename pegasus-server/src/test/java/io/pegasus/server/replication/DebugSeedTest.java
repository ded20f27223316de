package io.pegasus.server.replication;

import org.junit.jupiter.api.Test;

class DebugSeedTest {
    @Test
    void run() throws Exception {
        long seed = Long.getLong("dbg.seed", 1073);
        java.io.PrintWriter out = new java.io.PrintWriter("/tmp/dbg/trace-" + seed + ".txt");
        try {
            RandomizedFaultsTest.run(seed, out::println);
        } finally {
            out.close();
        }
    }
}
