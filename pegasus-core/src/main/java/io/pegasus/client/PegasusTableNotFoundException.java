package io.pegasus.client;

import io.pegasus.base.ErrorCode;

/** The MetaServer knows no live table with this name (ERR_OBJECT_NOT_FOUND): never created, or dropped. */
public class PegasusTableNotFoundException extends PegasusException {
    private static final long serialVersionUID = 1L;

    PegasusTableNotFoundException(String table) {
        super(ErrorContext.table(table), ErrorCode.ERR_OBJECT_NOT_FOUND, "No such table: " + table);
    }
}
