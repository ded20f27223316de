package io.pegasus.thrift;

import java.net.InetSocketAddress;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * IPv4 endpoint (spec 2.5): one i64 with the address in bits 63..32, the port in 31..16 and the host type (1 = IPv4)
 * in 1..0. The all-zero value means "no address".
 */
@SuppressWarnings("TypeName")
public final class rpc_address extends PseudoStruct<rpc_address> {
    private static final long serialVersionUID = 1L;
    private static final int HOST_TYPE_IPV4 = 1;

    private long value;

    public rpc_address() {}

    public rpc_address(rpc_address other) {
        this.value = other.value;
    }

    private rpc_address(long value) {
        this.value = value;
    }

    public static rpc_address fromValue(long value) {
        return new rpc_address(value);
    }

    /** The address of an IPv4 {@code host} (dotted quad) and port. */
    public static rpc_address fromIpPort(String ip, int port) {
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long addr = 0;
        for (String part : parts) {
            int b = Integer.parseInt(part);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            addr = (addr << 8) | b;
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return new rpc_address((addr << 32) | ((long) port << 16) | HOST_TYPE_IPV4);
    }

    /** Parses {@code "a.b.c.d:port"}. */
    public static rpc_address parse(String ipPort) {
        int colon = ipPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("expected ip:port, got " + ipPort);
        }
        return fromIpPort(ipPort.substring(0, colon), Integer.parseInt(ipPort.substring(colon + 1)));
    }

    public long value() {
        return value;
    }

    /** True for the all-zero value ("no address"). */
    public boolean isInvalid() {
        return value == 0;
    }

    public int port() {
        return (int) ((value >>> 16) & 0xFFFF);
    }

    public String ip() {
        long ip = value >>> 32;
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(ip(), port());
    }

    @Override
    public void read(TProtocol in) throws TException {
        value = in.readI64();
    }

    @Override
    public void write(TProtocol out) throws TException {
        out.writeI64(value);
    }

    @Override
    public rpc_address deepCopy() {
        return new rpc_address(this);
    }

    @Override
    public void clear() {
        value = 0;
    }

    @Override
    public int compareTo(rpc_address other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof rpc_address a && a.value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return isInvalid() ? "0.0.0.0:0" : ip() + ":" + port();
    }
}
