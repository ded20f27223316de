package io.pegasus.server.agent;

import io.pegasus.thrift.rpc_address;
import java.util.ArrayList;
import java.util.List;

/**
 * Which MetaServer the node talks to: the configured list plus any leader named in an ERR_FORWARD_TO_OTHERS answer.
 * A forward with a leader moves there; one without, or a failed call, moves to the next address. Not thread-safe.
 */
final class MetaLeaderTracker {
    private final List<rpc_address> metas;
    private int current;

    MetaLeaderTracker(List<rpc_address> metas) {
        if (metas.isEmpty()) {
            throw new IllegalArgumentException("no MetaServer address configured");
        }
        this.metas = new ArrayList<>(metas);
    }

    rpc_address current() {
        return metas.get(current);
    }

    /** The MetaServer {@code from} answered with a forward to {@code leader} (all-zero or null: unknown). */
    void forwarded(rpc_address from, rpc_address leader) {
        if (leader != null && !leader.isInvalid()) {
            int i = metas.indexOf(leader);
            if (i < 0) {
                metas.add(rpc_address.fromValue(leader.value()));
                i = metas.size() - 1;
            }
            current = i;
        } else {
            failed(from);
        }
    }

    /** A call to {@code from} failed (timeout, connection lost): try the next one, unless someone moved already. */
    void failed(rpc_address from) {
        if (metas.get(current).equals(from)) {
            current = (current + 1) % metas.size();
        }
    }
}
