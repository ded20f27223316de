package io.pegasus.server.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.server.replication.sim.History;
import io.pegasus.server.replication.sim.SimCluster;
import org.junit.jupiter.api.Test;

class NormalOperationTest {

    @Test
    void smoke() {
        SimCluster c = SimCluster.start();
        long w = c.write("k", "v");
        c.runUntilQuiet();
        assertThat(c.op(w).status()).as(c.describe()).isEqualTo(History.Status.OK);
        c.advance(200);
        assertThat(c.healthy()).as(c.describe()).isTrue();
        long r = c.read("k");
        c.runUntilQuiet();
        assertThat(c.op(r).readValue()).isEqualTo("v");
    }
}
