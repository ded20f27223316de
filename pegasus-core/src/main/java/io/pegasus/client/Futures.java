package io.pegasus.client;

import io.pegasus.base.ErrorCode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The two faces of every operation. Internally an operation's future completes on whatever thread finished it
 * (usually a Netty IO thread); only client code is chained to it there. The public asynchronous API hands out a copy
 * completed on the callback executor, so user callbacks never run on IO threads; the synchronous API waits on the
 * internal future directly (no user code runs on completion, only the waiting thread is woken).
 */
final class Futures {
    private Futures() {}

    /** A future with the same outcome as {@code internal}, completed on {@code executor}. */
    static <T> CompletableFuture<T> onExecutor(CompletableFuture<T> internal, Executor executor) {
        CompletableFuture<T> pub = new CompletableFuture<>();
        var unused = internal.whenComplete((v, e) -> {
            Runnable complete = () -> {
                if (e != null) {
                    pub.completeExceptionally(unwrap(e));
                } else {
                    pub.complete(v);
                }
            };
            try {
                executor.execute(complete);
            } catch (RejectedExecutionException closed) {
                complete.run();
            }
        });
        return pub;
    }

    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** Waits for an internal future; its failure is rethrown as the PegasusException it carries. */
    static <T> T await(CompletableFuture<T> f) throws PegasusException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PegasusException(
                    ErrorContext.NONE, ErrorCode.ERR_THREAD_INTERRUPTED, PegasusException.NO_STATUS, "interrupted", e);
        } catch (ExecutionException e) {
            throw asPegasus(e);
        }
    }

    static PegasusException asPegasus(Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof PegasusException p) {
            return p;
        }
        return new PegasusException(
                ErrorContext.NONE, ErrorCode.ERR_UNKNOWN, PegasusException.NO_STATUS, "unexpected failure: " + c, c);
    }
}
