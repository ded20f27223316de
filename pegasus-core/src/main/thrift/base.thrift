// Pseudo-structs of the Pegasus wire protocol (spec section 2.1).
//
// On the wire each of these is announced as a STRUCT (type 12) but its payload is a bare
// primitive with no field headers and no STOP byte. They are declared here as empty structs
// only so that the generated code refers to them by name; the Java classes themselves are
// hand-written in pegasus-core (io.pegasus.thrift.blob, gpid, rpc_address, error_code,
// host_port) and the regeneration script deletes whatever the generator emits for them.

namespace java io.pegasus.thrift

// i32 length + raw bytes (2.2)
struct blob {}

// Thrift string holding the error name, e.g. "ERR_OK" (2.3)
struct error_code {}

// one i64: (partition_index << 32) | app_id (2.4)
struct gpid {}

// one i64: IPv4 << 32 | port << 16 | host type (2.5)
struct rpc_address {}

// string host, i16 port, i8 host type (2.6)
struct host_port {}
