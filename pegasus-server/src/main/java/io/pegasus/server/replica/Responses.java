package io.pegasus.server.replica;

import io.pegasus.thrift.batch_get_response;
import io.pegasus.thrift.check_and_mutate_response;
import io.pegasus.thrift.check_and_set_response;
import io.pegasus.thrift.count_response;
import io.pegasus.thrift.incr_response;
import io.pegasus.thrift.multi_get_response;
import io.pegasus.thrift.multi_remove_response;
import io.pegasus.thrift.read_response;
import io.pegasus.thrift.scan_response;
import io.pegasus.thrift.ttl_response;
import io.pegasus.thrift.update_response;
import org.apache.thrift.TBase;

/** Fills the {@code server} field every replica response carries (spec 4.0): the serving node's "host:port". */
final class Responses {
    private Responses() {}

    static void setServer(TBase<?, ?> r, String server) {
        if (r instanceof update_response u) {
            u.setServer(server);
        } else if (r instanceof read_response x) {
            x.setServer(server);
        } else if (r instanceof multi_get_response x) {
            x.setServer(server);
        } else if (r instanceof batch_get_response x) {
            x.setServer(server);
        } else if (r instanceof count_response x) {
            x.setServer(server);
        } else if (r instanceof ttl_response x) {
            x.setServer(server);
        } else if (r instanceof scan_response x) {
            x.setServer(server);
        } else if (r instanceof multi_remove_response x) {
            x.setServer(server);
        } else if (r instanceof incr_response x) {
            x.setServer(server);
        } else if (r instanceof check_and_set_response x) {
            x.setServer(server);
        } else if (r instanceof check_and_mutate_response x) {
            x.setServer(server);
        }
    }
}
