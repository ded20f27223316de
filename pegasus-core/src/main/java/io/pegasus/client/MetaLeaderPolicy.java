package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Which MetaServer to ask, and what to do with its answer (spec 7.2). Shared by every MetaServer call of a client,
 * so that all of them follow the leader once one has found it. Pure apart from its own state; thread-safe.
 *
 * <ul>
 *   <li>ERR_FORWARD_TO_OTHERS with a leader address (query-config carries it in {@code partitions[0].primary}):
 *       that address becomes the leader (added to the list if new). Without an address no leader is known (an
 *       election is under way): the next one in the list, after the service-not-active delay, so that a client
 *       started beside a starting cluster does not spend its attempts in a few milliseconds.
 *   <li>ERR_SERVICE_NOT_ACTIVE: the leader is not ready; wait and ask the same server again.
 *   <li>A local ERR_SESSION_RESET or ERR_TIMEOUT: the server is unreachable; try the next address.
 *   <li>Anything else ends the call with that result.
 * </ul>
 */
final class MetaLeaderPolicy {
    enum Step {
        /** The answer is final (success, or a failure to report). */
        DONE,
        /** Ask the same server again after the service-not-active delay. */
        RETRY_SAME_LATER,
        /** Ask {@link #leader()} (which has just changed). */
        TRY_LEADER,
        /** Ask {@link #leader()} (the next address) after the service-not-active delay: no leader is known yet. */
        TRY_LEADER_LATER
    }

    private final List<InetSocketAddress> servers;
    private int leader;

    MetaLeaderPolicy(List<InetSocketAddress> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no meta servers");
        }
        this.servers = new ArrayList<>(servers);
    }

    synchronized InetSocketAddress leader() {
        return servers.get(leader);
    }

    synchronized List<InetSocketAddress> servers() {
        return List.copyOf(servers);
    }

    /**
     * @param tried the server that was asked
     * @param rpcError the RPC-level outcome (ERR_OK when the server answered with a response struct)
     * @param err the response's own {@code err} field; ignored unless rpcError is ERR_OK
     * @param leaderHint the leader address a forwarding answer carried, or null
     */
    synchronized Step next(InetSocketAddress tried, ErrorCode rpcError, ErrorCode err, InetSocketAddress leaderHint) {
        if (rpcError == ErrorCode.ERR_SESSION_RESET || rpcError == ErrorCode.ERR_TIMEOUT) {
            moveOn(tried);
            return Step.TRY_LEADER;
        }
        if (rpcError != ErrorCode.ERR_OK) {
            return Step.DONE;
        }
        if (err == ErrorCode.ERR_FORWARD_TO_OTHERS) {
            if (leaderHint != null && !leaderHint.equals(tried)) {
                int i = servers.indexOf(leaderHint);
                if (i < 0) {
                    servers.add(leaderHint);
                    i = servers.size() - 1;
                }
                leader = i;
                return Step.TRY_LEADER;
            }
            moveOn(tried);
            return Step.TRY_LEADER_LATER;
        }
        if (err == ErrorCode.ERR_SERVICE_NOT_ACTIVE) {
            return Step.RETRY_SAME_LATER;
        }
        return Step.DONE;
    }

    /** Advances past {@code tried}, unless a concurrent call has already moved the leader elsewhere. */
    private void moveOn(InetSocketAddress tried) {
        if (servers.get(leader).equals(tried)) {
            leader = (leader + 1) % servers.size();
        }
    }
}
