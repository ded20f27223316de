package io.pegasus.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The synchronous API's callers of one client, and which of them do their own IO ({@link
 * ClientOptions#callerThreadIo()}). While a caller starts an operation that is one replica call, its thread is
 * marked; {@link ReplicaCall} reads the mark once, when it is created, and that operation's first attempt is then
 * written and read by the waiting thread itself ({@link io.pegasus.rpc.client.RpcConnection#callOnThisThread}). The
 * mark belongs to the operation, not the thread: other operations' continuations that happen to run on this thread,
 * and retries (which run on the timer's thread), take the network threads' path.
 *
 * <p>Only while at most {@link #MAX_CALLERS} synchronous operations are in progress in the client. A thread that
 * does its own IO saves two thread wake-ups per operation, which is what one or a few callers wait on; many callers
 * at once are better served by the one shared connection per server, whose network threads read and write many
 * requests and replies per system call on both ends. Side by side on the onebox (`CallerThreadIoBenchmark`, 5 %
 * sets, three runs): with every call on its caller's socket, 4 threads ran 14-38 % more operations per second than
 * with every call on the shared connection, 16 threads 15-20 % fewer.
 */
final class WaitingCaller {
    /** Synchronous operations in progress beyond which new ones take the shared connection. */
    static final int MAX_CALLERS = 4;

    private static final ThreadLocal<boolean[]> STARTING = ThreadLocal.withInitial(() -> new boolean[1]);

    private final boolean enabled;
    private final AtomicInteger inProgress = new AtomicInteger();

    WaitingCaller(boolean enabled) {
        this.enabled = enabled;
    }

    /** Starts an operation made of one replica call and waits for its result. */
    <T> T startAndAwait(Supplier<CompletableFuture<T>> operation) throws PegasusException {
        int callers = inProgress.incrementAndGet();
        try {
            return Futures.await(enabled && callers <= MAX_CALLERS ? startMarked(operation) : operation.get());
        } finally {
            inProgress.decrementAndGet();
        }
    }

    private static <T> T startMarked(Supplier<T> operation) {
        boolean[] flag = STARTING.get();
        boolean outer = flag[0];
        flag[0] = true;
        try {
            return operation.get();
        } finally {
            flag[0] = outer;
        }
    }

    /** The current thread, if it is starting an operation it will wait for on its own socket; else null. */
    static Thread current() {
        return STARTING.get()[0] ? Thread.currentThread() : null;
    }
}
