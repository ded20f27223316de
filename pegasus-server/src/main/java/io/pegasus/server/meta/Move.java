package io.pegasus.server.meta;

import io.pegasus.server.thrift.balance_move;
import io.pegasus.server.thrift.balance_move_type;
import io.pegasus.thrift.gpid;
import io.pegasus.thrift.rpc_address;

/**
 * One step of the load balancer on one partition.
 *
 * <ul>
 *   <li>{@link Kind#MOVE_PRIMARY}: cheap. A new configuration at ballot + 1 makes the secondary {@code target} the
 *       primary and the old primary {@code source} a secondary; the members stay the same, so every one of them still
 *       holds every committed mutation, and the new primary reconciles before it serves.
 *   <li>{@link Kind#COPY_SECONDARY}: {@code target} (a non-member) learns the partition from its primary; when the
 *       primary proposes to upgrade it, the MetaServer writes one configuration in which {@code target} replaces the
 *       secondary {@code source}, so the partition never has fewer replicas than before.
 * </ul>
 */
public record Move(gpid pid, Kind kind, rpc_address source, rpc_address target, String reason) {
    public enum Kind {
        MOVE_PRIMARY,
        COPY_SECONDARY
    }

    public Move {
        pid = new gpid(pid);
    }

    public balance_move toThrift() {
        return new balance_move(
                new gpid(pid),
                (kind == Kind.MOVE_PRIMARY ? balance_move_type.BMT_MOVE_PRIMARY : balance_move_type.BMT_COPY_SECONDARY)
                        .getValue(),
                rpc_address.fromValue(source.value()),
                rpc_address.fromValue(target.value()),
                reason);
    }

    @Override
    public String toString() {
        return (kind == Kind.MOVE_PRIMARY ? "move primary of " : "copy replica of ") + pid + " from " + source + " to "
                + target + " (" + reason + ")";
    }
}
