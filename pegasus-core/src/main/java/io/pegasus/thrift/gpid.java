package io.pegasus.thrift;

import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * Global partition id (spec 2.4): one i64 {@code (partition_index << 32) | (app_id & 0xFFFFFFFF)}, so the first
 * four wire bytes are the partition index and the last four the table id. Table ids start at 1; 0 is invalid.
 */
@SuppressWarnings("TypeName")
public final class gpid extends PseudoStruct<gpid> {
    private static final long serialVersionUID = 1L;

    private int appId;
    private int partitionIndex;

    public gpid() {}

    public gpid(int appId, int partitionIndex) {
        this.appId = appId;
        this.partitionIndex = partitionIndex;
    }

    public gpid(gpid other) {
        this(other.appId, other.partitionIndex);
    }

    public int appId() {
        return appId;
    }

    public int partitionIndex() {
        return partitionIndex;
    }

    /** The 64-bit wire value. */
    public long value() {
        return ((long) partitionIndex << 32) | (appId & 0xFFFFFFFFL);
    }

    public static gpid fromValue(long value) {
        return new gpid((int) value, (int) (value >>> 32));
    }

    @Override
    public void read(TProtocol in) throws TException {
        long v = in.readI64();
        appId = (int) v;
        partitionIndex = (int) (v >>> 32);
    }

    @Override
    public void write(TProtocol out) throws TException {
        out.writeI64(value());
    }

    @Override
    public gpid deepCopy() {
        return new gpid(this);
    }

    @Override
    public void clear() {
        appId = 0;
        partitionIndex = 0;
    }

    @Override
    public int compareTo(gpid other) {
        int c = Integer.compare(appId, other.appId);
        return c != 0 ? c : Integer.compare(partitionIndex, other.partitionIndex);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof gpid g && g.appId == appId && g.partitionIndex == partitionIndex;
    }

    @Override
    public int hashCode() {
        return appId * 31 + partitionIndex;
    }

    @Override
    public String toString() {
        return appId + "." + partitionIndex;
    }
}
