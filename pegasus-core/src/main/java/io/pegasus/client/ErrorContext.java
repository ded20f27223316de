package io.pegasus.client;

/**
 * Where an error happened, for exception messages: the table, the partition index (-1 when none applies) and the
 * server address (null when none was contacted).
 */
record ErrorContext(String table, int partitionIndex, String server) {
    static final ErrorContext NONE = new ErrorContext(null, -1, null);

    static ErrorContext table(String table) {
        return new ErrorContext(table, -1, null);
    }

    /** "[table=t, partition=3, server=1.2.3.4:34801] ", or "" when nothing is known. */
    String prefix() {
        if (table == null && partitionIndex < 0 && server == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("[");
        if (table != null) {
            sb.append("table=").append(table);
        }
        if (partitionIndex >= 0) {
            sb.append(sb.length() > 1 ? ", " : "").append("partition=").append(partitionIndex);
        }
        if (server != null) {
            sb.append(sb.length() > 1 ? ", " : "").append("server=").append(server);
        }
        return sb.append("] ").toString();
    }
}
