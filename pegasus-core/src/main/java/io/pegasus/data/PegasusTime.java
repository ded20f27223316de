package io.pegasus.data;

/**
 * Pegasus time (spec 5.6): seconds since 2016-01-01T00:00:00Z, the epoch of every {@code expire_ts} on the wire and on
 * disk. A record with {@code expire_ts != 0 && expire_ts <= now} is expired; stored values are unsigned 32-bit.
 */
public final class PegasusTime {
    /** Unix second of the Pegasus epoch. */
    public static final long EPOCH_UNIX_SECONDS = 1451606400L;

    private PegasusTime() {}

    /** Pegasus-epoch seconds for a Unix time in milliseconds. */
    public static int epochSeconds(long unixMillis) {
        return (int) (unixMillis / 1000 - EPOCH_UNIX_SECONDS);
    }

    /** The absolute expiry a client sends for a TTL: 0 for no TTL, else now + ttl. */
    public static int expireTs(long unixMillis, int ttlSeconds) {
        return ttlSeconds == 0 ? 0 : epochSeconds(unixMillis) + ttlSeconds;
    }

    /** True if a record with this stored expiry is expired at {@code nowEpochSeconds}; expiry is unsigned. */
    public static boolean isExpired(int expireTs, int nowEpochSeconds) {
        return expireTs != 0 && Integer.toUnsignedLong(expireTs) <= Integer.toUnsignedLong(nowEpochSeconds);
    }

    /** The TTL reported for a live record: -1 without expiry, else {@code expire_ts - now}. */
    public static int ttlSeconds(int expireTs, int nowEpochSeconds) {
        return expireTs == 0 ? -1 : (int) (Integer.toUnsignedLong(expireTs) - Integer.toUnsignedLong(nowEpochSeconds));
    }
}
