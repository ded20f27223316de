package io.pegasus.thrift;

import org.apache.thrift.TBase;
import org.apache.thrift.TFieldIdEnum;

/**
 * Base of the hand-written pseudo-structs of spec 2.1 ({@link blob}, {@link error_code}, {@link gpid},
 * {@link rpc_address}, {@link host_port}).
 *
 * <p>On the wire these are announced as STRUCT (type 12) by the enclosing field or list header, but their payload
 * is a bare primitive with no field headers and no STOP byte. They implement {@link TBase} only so that the
 * Thrift-generated structs can hold them as fields; they have no Thrift fields of their own.
 */
public abstract class PseudoStruct<T extends PseudoStruct<T>> implements TBase<T, PseudoStruct.NoField> {
    private static final long serialVersionUID = 1L;

    /** A pseudo-struct has no Thrift fields; this enum has no constants. */
    public enum NoField implements TFieldIdEnum {
        ;

        @Override
        public short getThriftFieldId() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getFieldName() {
            throw new UnsupportedOperationException();
        }
    }

    /** Called by the generated {@code validate()} of enclosing structs; a pseudo-struct is always valid. */
    public void validate() {}

    @Override
    public final NoField fieldForId(int fieldId) {
        return null;
    }

    @Override
    public final boolean isSet(NoField field) {
        return false;
    }

    @Override
    public final Object getFieldValue(NoField field) {
        throw new IllegalArgumentException("pseudo-struct " + getClass().getSimpleName() + " has no fields");
    }

    @Override
    public final void setFieldValue(NoField field, Object value) {
        throw new IllegalArgumentException("pseudo-struct " + getClass().getSimpleName() + " has no fields");
    }
}
