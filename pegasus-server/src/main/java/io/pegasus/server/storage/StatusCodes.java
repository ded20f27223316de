package io.pegasus.server.storage;

import io.pegasus.base.StatusCode;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/** Maps RocksDB failures onto the application-level status codes of responses (spec 6.2). */
final class StatusCodes {
    private StatusCodes() {}

    /** The RocksDB status code of a failure; IOError when RocksDB gave none, never OK. */
    static int of(RocksDBException e) {
        Status s = e.getStatus();
        if (s == null) {
            return StatusCode.IO_ERROR;
        }
        int code = s.getCode().getValue();
        return code <= StatusCode.OK || code > 15 ? StatusCode.IO_ERROR : code;
    }
}
