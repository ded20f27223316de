package io.pegasus.rpc.server;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a handler knows about the connection a call arrived on: the peer and who the caller is.
 *
 * <p>Authentication is disabled (negotiation answers SASL_AUTH_DISABLE, spec 3.5), so {@link #user()} is the
 * anonymous user; it is the hook where table ACLs will look later.
 */
public final class ConnectionContext {
    public static final String ANONYMOUS = "";

    private final SocketAddress peer;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean negotiated;
    private volatile String user = ANONYMOUS;

    ConnectionContext(SocketAddress peer) {
        this.peer = peer;
    }

    public SocketAddress peer() {
        return peer;
    }

    /** The authenticated user, or {@link #ANONYMOUS}. */
    public String user() {
        return user;
    }

    /** True once the client ran RPC_NEGOTIATION on this connection (optional while authentication is off). */
    public boolean negotiated() {
        return negotiated;
    }

    void markNegotiated(String user) {
        this.user = user;
        this.negotiated = true;
    }

    /** Calls received on this connection and not answered yet. */
    public int pendingCalls() {
        return pending.get();
    }

    AtomicInteger pendingCounter() {
        return pending;
    }

    @Override
    public String toString() {
        return String.valueOf(peer);
    }
}
