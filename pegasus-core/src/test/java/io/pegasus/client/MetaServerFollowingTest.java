package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pegasus.base.ErrorCode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Opening tables and admin calls against MetaServer protocol doubles: leader following (spec 7.1, 7.2). */
class MetaServerFollowingTest {
    private FakeMeta leader;
    private FakeMeta follower;
    private FakeReplica replica;

    @BeforeEach
    void start() throws Exception {
        leader = new FakeMeta();
        follower = new FakeMeta();
        follower.follower = true;
        replica = new FakeReplica();
        leader.addTable("t", replica.address());
    }

    @AfterEach
    void stop() {
        leader.close();
        follower.close();
        replica.close();
    }

    @Test
    void followsTheLeaderNamedInAForwardingAnswer() throws Exception {
        follower.leader = leader.address();
        try (PegasusClient c = TestClients.client(follower.addressString())) {
            PegasusTable t = c.openTable("t");
            assertThat(t.partitionCount()).isEqualTo(1);
            assertThat(follower.queries.get()).isEqualTo(1);
            assertThat(leader.queries.get()).isEqualTo(1);
            // the leader is remembered: the next query goes straight there
            assertThatThrownBy(() -> c.openTable("t2")).isInstanceOf(PegasusTableNotFoundException.class);
            assertThat(follower.queries.get()).isEqualTo(1);
            assertThat(leader.queries.get()).isEqualTo(2);
        }
    }

    @Test
    void forwardingWithoutAnAddressTriesTheNextMetaServer() throws Exception {
        try (PegasusClient c = TestClients.client(follower.addressString() + "," + leader.addressString())) {
            assertThat(c.openTable("t").name()).isEqualTo("t");
            assertThat(follower.queries.get()).isEqualTo(1);
        }
    }

    @Test
    void skipsAMetaServerThatRefusesConnections() throws Exception {
        try (PegasusClient c = TestClients.client(TestClients.deadAddress() + "," + leader.addressString())) {
            assertThat(c.openTable("t").tableId()).isEqualTo(leader.table("t").appId);
        }
    }

    @Test
    void unknownTableIsNoSuchTable() throws Exception {
        try (PegasusClient c = TestClients.client(TestClients.deadAddress() + "," + leader.addressString())) {
            assertThatThrownBy(() -> c.openTable("missing"))
                    .isInstanceOf(PegasusTableNotFoundException.class)
                    .hasMessageContaining("No such table")
                    .satisfies(e -> {
                        PegasusException p = (PegasusException) e;
                        assertThat(p.errorCode()).isEqualTo(ErrorCode.ERR_OBJECT_NOT_FOUND);
                        assertThat(p.table()).isEqualTo("missing");
                    });
            // a failed open is not cached
            leader.addTable("missing", replica.address());
            assertThat(c.openTable("missing").name()).isEqualTo("missing");
        }
    }

    @Test
    void waitsForALeaderThatIsNotActiveYet() throws Exception {
        leader.notActive.set(2);
        try (PegasusClient c = TestClients.client(leader.addressString())) {
            long start = System.nanoTime();
            c.openTable("t");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(90);
            assertThat(leader.queries.get()).isEqualTo(3);
        }
    }

    @Test
    void unreachableMetaServersFailClearlyAndAtOnce() throws Exception {
        String metas = TestClients.deadAddress() + "," + TestClients.deadAddress();
        try (PegasusClient c = TestClients.client(metas)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.openTable("t"))
                    .isInstanceOf(PegasusException.class)
                    .hasMessageContaining("cannot reach any MetaServer")
                    .hasMessageContaining("after 5 attempts")
                    .satisfies(
                            e -> assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_SESSION_RESET));
            assertThatThrownBy(c::listTables).hasMessageContaining("cannot reach any MetaServer");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3000);
        }
    }

    @Test
    void aLeaderThatNeverBecomesActiveEndsAfterTheAttempts() throws Exception {
        leader.notActive.set(100);
        try (PegasusClient c = TestClients.client(leader.addressString())) {
            assertThatThrownBy(() -> c.openTable("t"))
                    .hasMessageContaining("no MetaServer")
                    .satisfies(e ->
                            assertThat(((PegasusException) e).errorCode()).isEqualTo(ErrorCode.ERR_SERVICE_NOT_ACTIVE));
            assertThat(leader.queries.get()).isEqualTo(5);
        }
    }

    @Test
    void adminCallsFollowTheLeaderToo() throws Exception {
        try (PegasusClient c = TestClients.client(follower.addressString() + "," + leader.addressString())) {
            assertThat(c.listTables()).extracting(TableInfo::name).containsExactly("t");
            assertThat(follower.adminCalls.get()).isEqualTo(1);
            assertThat(leader.adminCalls.get()).isEqualTo(1);
        }
    }

    @Test
    void aMetaServerThatNeverAnswersIsLeftAfterTheQueryTimeout() throws Exception {
        follower.follower = false;
        follower.silent = true;
        try (PegasusClient c = TestClients.client(
                follower.addressString() + "," + leader.addressString(), b -> b.metaQueryTimeoutMs(200))) {
            long start = System.nanoTime();
            assertThat(c.openTable("t").name()).isEqualTo("t");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(190L, 2000L);
            assertThat(follower.queries.get()).isEqualTo(1);
        }
    }
}
