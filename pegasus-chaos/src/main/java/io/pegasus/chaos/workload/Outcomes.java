package io.pegasus.chaos.workload;

import io.pegasus.client.PegasusException;
import io.pegasus.client.PegasusInvalidArgumentException;
import io.pegasus.client.PegasusStatusException;
import io.pegasus.verify.OpKind;
import io.pegasus.verify.OpStatus;

/**
 * How a failed operation enters the history. The rule: {@link OpStatus#FAILED} only when the client can prove the
 * operation had no effect, {@link OpStatus#UNKNOWN} otherwise; a wrong FAILED makes the checker report a violation that
 * is not one, a needless UNKNOWN only costs search time. Pure.
 *
 * <ul>
 *   <li>GET: always FAILED. A read has no effect, so there is nothing to place; its value is not known, so there is
 *       nothing to check either.
 *   <li>SET and DEL are idempotent: the client resends them after a lost answer, so a final error (even a refusal such
 *       as ERR_BUSY) may follow an earlier attempt that was applied. FAILED only when rejected before sending.
 *   <li>INCR and CAS are never resent once they may have been applied (the client reports
 *       {@code PegasusOutcomeUnknownException} or a timeout instead), so a refusal the server answered, or an
 *       application-level status, means not applied. Anything else is UNKNOWN.
 * </ul>
 */
public final class Outcomes {
    private Outcomes() {}

    public static OpStatus classify(OpKind kind, Throwable failure) {
        if (kind == OpKind.GET || failure instanceof PegasusInvalidArgumentException) {
            return OpStatus.FAILED;
        }
        if (kind == OpKind.SET || kind == OpKind.DEL) {
            return OpStatus.UNKNOWN;
        }
        if (failure instanceof PegasusStatusException) {
            return OpStatus.FAILED;
        }
        if (failure instanceof PegasusException p && p.getClass() == PegasusException.class) {
            return switch (p.errorCode()) {
                // answered refusals: the request was not executed (RetryPolicy, spec 6.3)
                case ERR_BUSY,
                        ERR_INVALID_DATA,
                        ERR_INVALID_PARAMETERS,
                        ERR_NOT_ENOUGH_MEMBER,
                        ERR_INVALID_STATE,
                        ERR_OBJECT_NOT_FOUND -> OpStatus.FAILED;
                default -> OpStatus.UNKNOWN;
            };
        }
        return OpStatus.UNKNOWN;
    }
}
