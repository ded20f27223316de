package io.pegasus.client;

import static io.pegasus.client.RetryPolicy.Delivery.ANSWERED;
import static io.pegasus.client.RetryPolicy.Delivery.NOT_SENT;
import static io.pegasus.client.RetryPolicy.Delivery.SENT_NO_ANSWER;
import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.client.RetryPolicy.Decision;
import io.pegasus.rpc.RpcException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which failures are retried, which refresh the routing, and which leave a non-idempotent outcome unknown. */
class RetryPolicyTest {
    private static Decision idem(ErrorCode e, RetryPolicy.Delivery d) {
        return RetryPolicy.decide(e, d, true);
    }

    private static Decision nonIdem(ErrorCode e, RetryPolicy.Delivery d) {
        return RetryPolicy.decide(e, d, false);
    }

    @Test
    void routingErrorsRefreshAndRetryForEveryOperation() {
        for (ErrorCode e : new ErrorCode[] {
            ErrorCode.ERR_OBJECT_NOT_FOUND, ErrorCode.ERR_INVALID_STATE, ErrorCode.ERR_PARENT_PARTITION_MISUSED
        }) {
            assertThat(idem(e, ANSWERED)).isEqualTo(Decision.REFRESH_AND_RETRY);
            // the server said it did not execute it: safe for incr too
            assertThat(nonIdem(e, ANSWERED)).isEqualTo(Decision.REFRESH_AND_RETRY);
        }
    }

    @Test
    void notEnoughMemberAndCapacityRetryWithoutRefresh() {
        assertThat(idem(ErrorCode.ERR_NOT_ENOUGH_MEMBER, ANSWERED)).isEqualTo(Decision.RETRY);
        assertThat(nonIdem(ErrorCode.ERR_NOT_ENOUGH_MEMBER, ANSWERED)).isEqualTo(Decision.RETRY);
        assertThat(nonIdem(ErrorCode.ERR_CAPACITY_EXCEEDED, NOT_SENT)).isEqualTo(Decision.RETRY);
        assertThat(idem(ErrorCode.ERR_CAPACITY_EXCEEDED, NOT_SENT)).isEqualTo(Decision.RETRY);
    }

    @Test
    void connectionLossRetriesIdempotentButLeavesNonIdempotentUnknown() {
        assertThat(idem(ErrorCode.ERR_SESSION_RESET, SENT_NO_ANSWER)).isEqualTo(Decision.REFRESH_AND_RETRY);
        Decision d = nonIdem(ErrorCode.ERR_SESSION_RESET, SENT_NO_ANSWER);
        assertThat(d.retry()).isFalse();
        assertThat(d.outcomeUnknown()).isTrue();
        assertThat(d.refreshRouting()).isTrue();
        // a connect failure never sent anything
        assertThat(nonIdem(ErrorCode.ERR_SESSION_RESET, NOT_SENT)).isEqualTo(Decision.REFRESH_AND_RETRY);
    }

    @Test
    void timeoutsRetryIdempotentOnlyAndNeverResendNonIdempotent() {
        assertThat(idem(ErrorCode.ERR_TIMEOUT, SENT_NO_ANSWER)).isEqualTo(Decision.RETRY);
        assertThat(nonIdem(ErrorCode.ERR_TIMEOUT, SENT_NO_ANSWER)).isEqualTo(Decision.OUTCOME_UNKNOWN);
        assertThat(nonIdem(ErrorCode.ERR_TIMEOUT, ANSWERED)).isEqualTo(Decision.OUTCOME_UNKNOWN);
    }

    @Test
    void everythingElseFailsAtOnce() {
        for (ErrorCode e : new ErrorCode[] {
            ErrorCode.ERR_BUSY,
            ErrorCode.ERR_SPLITTING,
            ErrorCode.ERR_DISK_INSUFFICIENT,
            ErrorCode.ERR_INVALID_DATA,
            ErrorCode.ERR_ACL_DENY,
            ErrorCode.ERR_HANDLER_NOT_FOUND,
            ErrorCode.ERR_OPERATION_DISABLED,
            ErrorCode.ERR_UNKNOWN
        }) {
            assertThat(idem(e, ANSWERED)).as(e.name()).isEqualTo(Decision.FAIL);
            assertThat(nonIdem(e, ANSWERED)).as(e.name()).isEqualTo(Decision.FAIL);
        }
        assertThat(idem(ErrorCode.ERR_INVALID_PARAMETERS, NOT_SENT)).isEqualTo(Decision.FAIL);
    }

    @Test
    void deliveryTellsConnectFailuresFromLostConnections() {
        RpcException connect = new RpcException(
                ErrorCode.ERR_SESSION_RESET, "cannot connect", new ConnectException("Connection refused"));
        RpcException lost = new RpcException(ErrorCode.ERR_SESSION_RESET, "connection lost");
        RpcException timeout = new RpcException(ErrorCode.ERR_TIMEOUT, "timed out");
        RpcException full = new RpcException(ErrorCode.ERR_CAPACITY_EXCEEDED, "full");
        assertThat(ReplicaCall.deliveryOf(connect)).isEqualTo(NOT_SENT);
        assertThat(ReplicaCall.deliveryOf(lost)).isEqualTo(SENT_NO_ANSWER);
        assertThat(ReplicaCall.deliveryOf(timeout)).isEqualTo(SENT_NO_ANSWER);
        assertThat(ReplicaCall.deliveryOf(full)).isEqualTo(NOT_SENT);
    }

    @Test
    void backoffGrowsAndIsCapped() {
        assertThat(RetryPolicy.backoffNanos(0, 1)).isEqualTo(1_000_000L);
        assertThat(RetryPolicy.backoffNanos(1, 1)).isEqualTo(2_000_000L);
        assertThat(RetryPolicy.backoffNanos(4, 1)).isEqualTo(10_000_000L);
        assertThat(RetryPolicy.backoffNanos(7, 1)).isEqualTo(100_000_000L);
        assertThat(RetryPolicy.backoffNanos(50, 1)).isEqualTo(100_000_000L);
        assertThat(RetryPolicy.backoffNanos(3, 20)).isEqualTo(100_000_000L);
        assertThat(RetryPolicy.backoffNanos(2, 0)).isZero();
    }
}
