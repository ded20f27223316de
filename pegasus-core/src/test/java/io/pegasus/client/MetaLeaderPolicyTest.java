package io.pegasus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.client.MetaLeaderPolicy.Step;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MetaServer leader following (spec 7.2). */
class MetaLeaderPolicyTest {
    private static final InetSocketAddress M1 = new InetSocketAddress("127.0.0.1", 34601);
    private static final InetSocketAddress M2 = new InetSocketAddress("127.0.0.1", 34602);
    private static final InetSocketAddress M3 = new InetSocketAddress("127.0.0.1", 34603);
    private static final InetSocketAddress M9 = new InetSocketAddress("127.0.0.1", 34609);

    @Test
    void startsWithTheFirstAddress() {
        assertThat(new MetaLeaderPolicy(List.of(M1, M2, M3)).leader()).isEqualTo(M1);
    }

    @Test
    void forwardWithHintJumpsToTheLeader() {
        MetaLeaderPolicy p = new MetaLeaderPolicy(List.of(M1, M2, M3));
        assertThat(p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_FORWARD_TO_OTHERS, M3))
                .isEqualTo(Step.TRY_LEADER);
        assertThat(p.leader()).isEqualTo(M3);
    }

    @Test
    void anUnknownLeaderIsAddedToTheList() {
        MetaLeaderPolicy p = new MetaLeaderPolicy(List.of(M1, M2));
        p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_FORWARD_TO_OTHERS, M9);
        assertThat(p.leader()).isEqualTo(M9);
        assertThat(p.servers()).containsExactly(M1, M2, M9);
    }

    @Test
    void forwardWithoutHintMovesToTheNextAddress() {
        MetaLeaderPolicy p = new MetaLeaderPolicy(List.of(M1, M2, M3));
        assertThat(p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_FORWARD_TO_OTHERS, null))
                .as("no leader known: wait before asking the next one")
                .isEqualTo(Step.TRY_LEADER_LATER);
        assertThat(p.leader()).isEqualTo(M2);
        p.next(M2, ErrorCode.ERR_OK, ErrorCode.ERR_FORWARD_TO_OTHERS, M2); // a hint naming itself is no hint
        assertThat(p.leader()).isEqualTo(M3);
        p.next(M3, ErrorCode.ERR_OK, ErrorCode.ERR_FORWARD_TO_OTHERS, null);
        assertThat(p.leader()).as("wraps around").isEqualTo(M1);
    }

    @Test
    void unreachableServerMovesOnOnceEvenWhenManyCallsReportIt() {
        MetaLeaderPolicy p = new MetaLeaderPolicy(List.of(M1, M2, M3));
        assertThat(p.next(M1, ErrorCode.ERR_SESSION_RESET, null, null)).isEqualTo(Step.TRY_LEADER);
        assertThat(p.next(M1, ErrorCode.ERR_TIMEOUT, null, null)).isEqualTo(Step.TRY_LEADER);
        assertThat(p.leader()).as("the second report about M1 does not skip M2").isEqualTo(M2);
    }

    @Test
    void notActiveRetriesTheSameServer() {
        MetaLeaderPolicy p = new MetaLeaderPolicy(List.of(M1, M2));
        assertThat(p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_SERVICE_NOT_ACTIVE, null))
                .isEqualTo(Step.RETRY_SAME_LATER);
        assertThat(p.leader()).isEqualTo(M1);
    }

    @Test
    void otherAnswersAreFinal() {
        MetaLeaderPolicy p = new MetaLeaderPolicy(List.of(M1, M2));
        assertThat(p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_OK, null)).isEqualTo(Step.DONE);
        assertThat(p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_OBJECT_NOT_FOUND, null))
                .isEqualTo(Step.DONE);
        assertThat(p.next(M1, ErrorCode.ERR_OK, ErrorCode.ERR_UNDER_RECOVERY, null))
                .isEqualTo(Step.DONE);
        assertThat(p.next(M1, ErrorCode.ERR_HANDLER_NOT_FOUND, null, null)).isEqualTo(Step.DONE);
        assertThat(p.leader()).isEqualTo(M1);
    }
}
