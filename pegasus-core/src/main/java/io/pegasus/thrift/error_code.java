package io.pegasus.thrift;

import io.pegasus.base.ErrorCode;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TProtocol;

/**
 * An error carried by name, as a Thrift string (spec 2.3): the {@code err} field of MetaServer responses.
 *
 * <p>The name is kept as received, so that a name this build does not know survives a round trip; {@link #code()}
 * maps it to {@link ErrorCode}.
 */
@SuppressWarnings("TypeName")
public final class error_code extends PseudoStruct<error_code> {
    private static final long serialVersionUID = 1L;

    private String name;

    public error_code() {
        this.name = ErrorCode.ERR_OK.name();
    }

    public error_code(ErrorCode code) {
        this.name = code.name();
    }

    public error_code(error_code other) {
        this.name = other.name;
    }

    public String name() {
        return name;
    }

    /** The error, or {@link ErrorCode#ERR_UNKNOWN} for a name this build does not know. */
    public ErrorCode code() {
        return ErrorCode.fromName(name);
    }

    /** The error of a possibly absent field: absent reads as ERR_OK's zero value is not assumed, it is unknown. */
    public static ErrorCode codeOf(error_code e) {
        return e == null ? ErrorCode.ERR_UNKNOWN : e.code();
    }

    @Override
    public void read(TProtocol in) throws TException {
        name = in.readString();
    }

    @Override
    public void write(TProtocol out) throws TException {
        out.writeString(name);
    }

    @Override
    public error_code deepCopy() {
        return new error_code(this);
    }

    @Override
    public void clear() {
        name = ErrorCode.ERR_OK.name();
    }

    @Override
    public int compareTo(error_code other) {
        return name.compareTo(other.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof error_code e && name.equals(e.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
