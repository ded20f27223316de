package io.pegasus.server.log;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One call to append: its records, encoded as far as the caller's thread can, and the future it is waiting on. */
final class PendingAppend {
    /** A record waiting to be written; the payload CRC is computed by the appending thread. */
    static final class Item {
        private final byte type;
        private final long ballot;
        private final long decree;
        private final long timestampMicros;
        private final byte[] payload;
        private final int payloadCrc;

        private Item(byte type, long ballot, long decree, long timestampMicros, byte[] payload, int payloadCrc) {
            this.type = type;
            this.ballot = ballot;
            this.decree = decree;
            this.timestampMicros = timestampMicros;
            this.payload = payload;
            this.payloadCrc = payloadCrc;
        }

        static Item mutation(LogRecord r) {
            return new Item(
                    LogFormat.TYPE_MUTATION,
                    r.ballot(),
                    r.decree(),
                    r.timestampMicros(),
                    r.payload(),
                    LogFormat.payloadCrc(r.payload()));
        }

        static Item truncation(long ballot, long decree, long timestampMicros) {
            byte[] empty = new byte[0];
            return new Item(
                    LogFormat.TYPE_TRUNCATE, ballot, decree, timestampMicros, empty, LogFormat.payloadCrc(empty));
        }

        int bytes() {
            return LogFormat.RECORD_HEADER_BYTES + payload.length;
        }

        byte type() {
            return type;
        }

        long ballot() {
            return ballot;
        }

        long decree() {
            return decree;
        }

        long timestampMicros() {
            return timestampMicros;
        }

        byte[] payload() {
            return payload;
        }

        int payloadCrc() {
            return payloadCrc;
        }
    }

    final List<Item> items;
    final long bytes;
    final CompletableFuture<Void> future = new CompletableFuture<>();

    PendingAppend(List<Item> items) {
        this.items = items;
        long b = 0;
        for (Item i : items) {
            b += i.bytes();
        }
        this.bytes = b;
    }
}
