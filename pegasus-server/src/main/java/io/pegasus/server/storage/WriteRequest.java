package io.pegasus.server.storage;

import io.pegasus.thrift.blob;
import io.pegasus.thrift.check_and_mutate_request;
import io.pegasus.thrift.check_and_set_request;
import io.pegasus.thrift.incr_request;
import io.pegasus.thrift.multi_put_request;
import io.pegasus.thrift.multi_remove_request;
import io.pegasus.thrift.update_request;
import java.util.Objects;
import org.apache.thrift.TBase;

/**
 * One client write inside a decree: its kind and the generated request struct it arrived with (spec 4.1-4.7). A
 * REMOVE carries the full stored key as a {@link blob}, exactly like its RPC argument.
 */
public record WriteRequest(Kind kind, TBase<?, ?> body) {

    /** The write RPCs, and the argument type each carries. */
    public enum Kind {
        PUT(update_request.class),
        MULTI_PUT(multi_put_request.class),
        REMOVE(blob.class),
        MULTI_REMOVE(multi_remove_request.class),
        INCR(incr_request.class),
        CHECK_AND_SET(check_and_set_request.class),
        CHECK_AND_MUTATE(check_and_mutate_request.class);

        private final Class<?> bodyType;

        Kind(Class<?> bodyType) {
            this.bodyType = bodyType;
        }

        /** Whether applying it reads the current state (and so must see the earlier writes of the same decree). */
        public boolean readsState() {
            return this == INCR || this == CHECK_AND_SET || this == CHECK_AND_MUTATE;
        }
    }

    public WriteRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(body, "body");
        if (!kind.bodyType.isInstance(body)) {
            throw new IllegalArgumentException(kind + " needs a " + kind.bodyType.getSimpleName() + ", got "
                    + body.getClass().getSimpleName());
        }
    }

    public static WriteRequest put(update_request r) {
        return new WriteRequest(Kind.PUT, r);
    }

    public static WriteRequest multiPut(multi_put_request r) {
        return new WriteRequest(Kind.MULTI_PUT, r);
    }

    public static WriteRequest remove(blob storedKey) {
        return new WriteRequest(Kind.REMOVE, storedKey);
    }

    public static WriteRequest remove(byte[] storedKey) {
        return new WriteRequest(Kind.REMOVE, new blob(storedKey));
    }

    public static WriteRequest multiRemove(multi_remove_request r) {
        return new WriteRequest(Kind.MULTI_REMOVE, r);
    }

    public static WriteRequest incr(incr_request r) {
        return new WriteRequest(Kind.INCR, r);
    }

    public static WriteRequest checkAndSet(check_and_set_request r) {
        return new WriteRequest(Kind.CHECK_AND_SET, r);
    }

    public static WriteRequest checkAndMutate(check_and_mutate_request r) {
        return new WriteRequest(Kind.CHECK_AND_MUTATE, r);
    }
}
