package io.pegasus.client;

import java.util.function.Supplier;

/**
 * Which thread, if any, will wait for the operation being started on it: set by the synchronous API around starting
 * an operation that is one replica call, read once by {@link ReplicaCall} when it is created. That operation's first
 * attempt may then be written and read by the waiting thread itself ({@link
 * io.pegasus.rpc.client.RpcConnection#callOnThisThread}). It marks the operation, not the thread: other operations'
 * continuations that happen to run on this thread, and retries (which run on the timer's thread), take the network
 * threads' path.
 */
final class WaitingCaller {
    private static final ThreadLocal<boolean[]> STARTING = ThreadLocal.withInitial(() -> new boolean[1]);

    private WaitingCaller() {}

    /** Starts an operation whose result this thread is about to wait for. */
    static <T> T start(Supplier<T> operation) {
        boolean[] flag = STARTING.get();
        if (flag[0]) {
            return operation.get();
        }
        flag[0] = true;
        try {
            return operation.get();
        } finally {
            flag[0] = false;
        }
    }

    /** The current thread, if it is starting an operation it will wait for; else null. */
    static Thread current() {
        return STARTING.get()[0] ? Thread.currentThread() : null;
    }
}
