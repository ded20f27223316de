package io.pegasus.thrift;

import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * Host-name endpoint (spec 2.6): Thrift string host, i16 port (unsigned bit pattern), one byte host type (0 invalid,
 * 1 IPv4). The Java client can parse it but never uses it; servers omit the optional fields that carry it.
 */
@SuppressWarnings("TypeName")
public final class host_port extends PseudoStruct<host_port> {
    private static final long serialVersionUID = 1L;

    private String host = "";
    private int port;
    private byte hostType;

    public host_port() {}

    public host_port(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostType = 1;
    }

    public host_port(host_port other) {
        this.host = other.host;
        this.port = other.port;
        this.hostType = other.hostType;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public byte hostType() {
        return hostType;
    }

    @Override
    public void read(TProtocol in) throws TException {
        host = in.readString();
        port = in.readI16() & 0xFFFF;
        hostType = in.readByte();
    }

    @Override
    public void write(TProtocol out) throws TException {
        out.writeString(host);
        out.writeI16((short) port);
        out.writeByte(hostType);
    }

    @Override
    public host_port deepCopy() {
        return new host_port(this);
    }

    @Override
    public void clear() {
        host = "";
        port = 0;
        hostType = 0;
    }

    @Override
    public int compareTo(host_port other) {
        int c = host.compareTo(other.host);
        return c != 0 ? c : Integer.compare(port, other.port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof host_port h && h.host.equals(host) && h.port == port && h.hostType == hostType;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
