package io.pegasus.chaos.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.pegasus.base.ErrorCode;
import io.pegasus.client.ChaosExceptions;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;
import org.junit.jupiter.api.Test;

class OutcomesTest {
    @Test
    void aFailedReadHasNoEffectWhateverHappened() {
        assertThat(Outcomes.classify(OpKind.GET, ChaosExceptions.timeout())).isEqualTo(OpStatus.FAILED);
        assertThat(Outcomes.classify(OpKind.GET, ChaosExceptions.rpc(ErrorCode.ERR_BUSY)))
                .isEqualTo(OpStatus.FAILED);
    }

    @Test
    void idempotentWritesAreUnknownUnlessRejectedBeforeSending() {
        // a refusal may follow a resent attempt whose first copy was applied
        for (OpKind k : new OpKind[] {OpKind.SET, OpKind.DEL}) {
            assertThat(Outcomes.classify(k, ChaosExceptions.rpc(ErrorCode.ERR_BUSY)))
                    .isEqualTo(OpStatus.UNKNOWN);
            assertThat(Outcomes.classify(k, ChaosExceptions.timeout())).isEqualTo(OpStatus.UNKNOWN);
            assertThat(Outcomes.classify(k, ChaosExceptions.invalidArgument())).isEqualTo(OpStatus.FAILED);
        }
    }

    @Test
    void nonIdempotentWritesFailOnlyOnAnsweredRefusals() {
        for (OpKind k : new OpKind[] {OpKind.INCR, OpKind.CAS}) {
            assertThat(Outcomes.classify(k, ChaosExceptions.outcomeUnknown())).isEqualTo(OpStatus.UNKNOWN);
            assertThat(Outcomes.classify(k, ChaosExceptions.timeout())).isEqualTo(OpStatus.UNKNOWN);
            assertThat(Outcomes.classify(k, ChaosExceptions.status())).isEqualTo(OpStatus.FAILED);
            assertThat(Outcomes.classify(k, ChaosExceptions.rpc(ErrorCode.ERR_BUSY)))
                    .isEqualTo(OpStatus.FAILED);
            assertThat(Outcomes.classify(k, ChaosExceptions.rpc(ErrorCode.ERR_SESSION_RESET)))
                    .isEqualTo(OpStatus.UNKNOWN);
            assertThat(Outcomes.classify(k, new IllegalStateException("client closed")))
                    .isEqualTo(OpStatus.UNKNOWN);
        }
    }
}
