#!/usr/bin/env bash
# A one-machine cluster laid out like Apache Pegasus's onebox: a real ZooKeeper on 127.0.0.1:22181,
# MetaServers on 34601-34603, ReplicaServers on 34801-34803, each a separate process with its data
# and log under onebox/. Sourced by bin/pegasus; see `bin/pegasus help`.
set -euo pipefail

ONEBOX=${PEGASUS_ONEBOX_DIR:-$root/onebox}
# PEGASUS_ONEBOX_PORT_OFFSET shifts every port (e.g. 1000: 23181, 35601-3, 35801-3), so a second onebox can run
# beside the standard one; leave it unset to get Apache Pegasus's onebox ports.
PORT_OFFSET=${PEGASUS_ONEBOX_PORT_OFFSET:-0}
ZK_PORT=$((22181 + PORT_OFFSET))
META_BASE=$((34600 + PORT_OFFSET))
REPLICA_BASE=$((34800 + PORT_OFFSET))
META_COUNT=${PEGASUS_ONEBOX_METAS:-3}
REPLICA_COUNT=${PEGASUS_ONEBOX_REPLICAS:-3}
JAVA_OPTS=${PEGASUS_JAVA_OPTS:-"-Xmx1g -XX:+UseG1GC"}
# PEGASUS_ONEBOX_SETTINGS: configuration keys added when a onebox's configuration is first written, separated by
# ';', e.g. "replica.log_flush_policy=FSYNC_EACH_BATCH;replica.io_threads=2" (later lines win; docs/configuration.md)
EXTRA_SETTINGS=${PEGASUS_ONEBOX_SETTINGS:-}

onebox_classpath() {
  local cpfile="$root/pegasus-server/target/onebox.classpath"
  local stamp="$root/pegasus-server/target/onebox.stamp"
  local newest
  newest=$(find "$root/pom.xml" "$root"/pegasus-*/pom.xml "$root"/pegasus-core/src/main "$root"/pegasus-core/src/generated \
    "$root"/pegasus-server/src/main "$root"/pegasus-server/src/generated -newer "$stamp" -print -quit 2>/dev/null || true)
  if [ ! -f "$stamp" ] || [ ! -f "$cpfile" ] || [ -n "$newest" ]; then
    echo "building (mvn package, tests skipped)..." >&2
    # one reactor invocation, so sibling modules resolve from the build itself, never from ~/.m2
    (cd "$root" && mvn -q -ntp -DskipTests -Dspotless.check.skip=true -pl pegasus-server -am \
      package dependency:build-classpath -Dmdep.outputFile=target/onebox.classpath -Dmdep.includeScope=runtime) >&2
    touch "$stamp"
  fi
  # our own modules' classes first: a stale snapshot jar in ~/.m2 must never shadow them
  echo "$root/pegasus-server/target/classes:$root/pegasus-core/target/classes:$(cat "$cpfile")"
}

node_dir() { echo "$ONEBOX/$1$2"; }        # node_dir meta 1 -> onebox/meta1
node_port() {
  case $1 in
    zookeeper) echo $ZK_PORT ;;
    meta) echo $((META_BASE + $2)) ;;
    replica) echo $((REPLICA_BASE + $2)) ;;
  esac
}

meta_list() {
  local list="" i
  for i in $(seq 1 "$META_COUNT"); do list="$list${list:+,}127.0.0.1:$(node_port meta "$i")"; done
  echo "$list"
}

write_config() {
  mkdir -p "$ONEBOX"
  if [ -f "$ONEBOX/onebox.properties" ]; then
    # kept as it is (it may carry the user's own settings), but never with another onebox's ports
    if ! grep -q "^meta.zk_servers = 127.0.0.1:$ZK_PORT\$" "$ONEBOX/onebox.properties"; then
      echo "error: $ONEBOX/onebox.properties was written for other ports (PEGASUS_ONEBOX_PORT_OFFSET changed?);" \
        "use another PEGASUS_ONEBOX_DIR or run 'bin/pegasus onebox clean' first" >&2
      exit 1
    fi
    return
  fi
  cat > "$ONEBOX/onebox.properties" <<EOC
# onebox cluster configuration (shared by every process; see docs/configuration.md)
cluster.meta_servers = $(meta_list)
meta.zk_servers = 127.0.0.1:$ZK_PORT
meta.zk_root = /pegasus/onebox
fd.beacon_interval_ms = 1000
fd.lease_ms = 9000
fd.grace_ms = 10000
# six server processes share this machine's cores: one network thread each wakes less (docs/replication.md, point 10)
replica.io_threads = 1
EOC
  if [ -n "$EXTRA_SETTINGS" ]; then
    echo "# from PEGASUS_ONEBOX_SETTINGS" >> "$ONEBOX/onebox.properties"
    tr ';' '\n' <<< "$EXTRA_SETTINGS" >> "$ONEBOX/onebox.properties"
  fi
}

pid_of() {
  local f; f="$(node_dir "$1" "${2:-}")/pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

wait_port() {   # wait_port PORT SECONDS NAME PID: 0 once the port accepts, 1 on timeout, 2 if the process died
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    kill -0 "$4" 2>/dev/null || return 2
    sleep 0.1
  done
  echo "error: $3 did not open port $1 within $2 s; see its log" >&2
  return 1
}

port_holders() {   # what holds a local port (listening or connected), one line each
  ss -tanpH "( sport = :$1 )" 2>/dev/null || true
}

launch_node() {   # launch_node TYPE [INDEX]: starts the process, does not wait for it
  local type=$1 idx=${2:-} dir port main args cp
  dir=$(node_dir "$type" "$idx"); port=$(node_port "$type" "$idx")
  if pid=$(pid_of "$type" "$idx"); then return 0; fi
  mkdir -p "$dir"
  cp=$(onebox_classpath)
  case $type in
    zookeeper) main=io.pegasus.server.zk.ZooKeeperMain; args="--port $port --data-dir $dir/data" ;;
    meta) main=io.pegasus.server.meta.MetaServerMain; args="--config $ONEBOX/onebox.properties --port $port" ;;
    replica) main=io.pegasus.server.replica.ReplicaServerMain
             args="--config $ONEBOX/onebox.properties --port $port --data-dir $dir/data" ;;
  esac
  if [ -f "$dir/server.log" ]; then wc -l < "$dir/server.log"; else echo 0; fi > "$dir/log.mark"
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss.SSS" \
    -cp "$cp" $main $args >>"$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
}

await_node() {   # await_node TYPE [INDEX]: waits for the port; relaunches a node that lost a race for its port
  local type=$1 idx=${2:-} dir port pid attempt=0 rc mark deadline=$((SECONDS + 120))
  dir=$(node_dir "$type" "$idx"); port=$(node_port "$type" "$idx")
  # 120 s covers a TIME-WAIT socket on the port (60 s on Linux) left by a connection that just closed
  while [ $SECONDS -lt $deadline ]; do
    attempt=$((attempt + 1))
    pid=$(cat "$dir/pid")
    mark=$(( $(cat "$dir/log.mark") + 1 ))
    rc=0; wait_port "$port" 60 "$type$idx" "$pid" || rc=$?
    if [ $rc -eq 0 ]; then
      echo "started $type$idx on 127.0.0.1:$port (pid $pid, log $dir/server.log)"
      return 0
    fi
    # Ports 34601-34803 lie in Linux's ephemeral range: an outgoing connection of another process can hold the
    # port, and so can the TIME-WAIT it leaves for 60 s after closing (a test run just before leaves thousands;
    # only sockets that set SO_REUSEADDR, as ours do, let a listener bind over them). Say who, wait, try again.
    if [ $rc -eq 2 ] && tail -n +"$mark" "$dir/server.log" | grep -q "Address already in use"; then
      echo "$type$idx: port $port is taken (attempt $attempt), held by:" >&2
      port_holders "$port" | sed 's/^/    /' >&2
      sleep 3
      launch_node "$type" "$idx"
      continue
    fi
    [ $rc -eq 2 ] && echo "error: $type$idx exited before opening port $port; see $dir/server.log" >&2
    tail -20 "$dir/server.log" >&2
    return 1
  done
  echo "error: $type$idx could not get port $port; it stays held by:" >&2
  port_holders "$port" >&2
  return 1
}

start_node() {   # start_node TYPE [INDEX]
  local type=$1 idx=${2:-} pid
  if pid=$(pid_of "$type" "$idx"); then echo "$type$idx already running (pid $pid)"; return 0; fi
  launch_node "$type" "$idx"
  await_node "$type" "$idx"
}

stop_node() {   # stop_node TYPE [INDEX] [SIGNAL]
  local type=$1 idx=${2:-} sig=${3:-TERM} pid i
  if ! pid=$(pid_of "$type" "$idx"); then echo "$type$idx is not running"; return 0; fi
  kill -"$sig" "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$(node_dir "$type" "$idx")/pid"
  echo "stopped $type$idx (pid $pid)"
}

all_nodes() {   # every node as "TYPE INDEX", one per line (ZooKeeper has no index)
  local i
  echo zookeeper
  for i in $(seq 1 "$META_COUNT"); do echo "meta $i"; done
  for i in $(seq 1 "$REPLICA_COUNT"); do echo "replica $i"; done
}

check_ports_free() {   # refuses to start over somebody else's listener (another onebox, say)
  local type i port
  while read -r type i; do
    pid_of "$type" "$i" >/dev/null && continue
    port=$(node_port "$type" "$i")
    if ss -tlnH "( sport = :$port )" 2>/dev/null | grep -q .; then
      echo "error: port $port ($type$i) already has a listener, is another onebox running?" >&2
      port_holders "$port" >&2
      exit 1
    fi
  done < <(all_nodes)
}

onebox_start() {
  local t0=$SECONDS i
  check_ports_free
  write_config
  onebox_classpath >/dev/null
  start_node zookeeper
  # every server process at once: they bind their ports within the same second, before most of the
  # outgoing connections that could land on one of them exist (see await_node)
  for i in $(seq 1 "$META_COUNT"); do launch_node meta "$i"; done
  for i in $(seq 1 "$REPLICA_COUNT"); do launch_node replica "$i"; done
  for i in $(seq 1 "$META_COUNT"); do await_node meta "$i"; done
  for i in $(seq 1 "$REPLICA_COUNT"); do await_node replica "$i"; done
  echo "creating table temp (8 partitions, 3 replicas)..."
  run_tool io.pegasus.server.tools.OneboxCheck "$(meta_list)" temp 8 3
  echo "onebox is up in $((SECONDS - t0)) s; meta servers: $(meta_list)"
}

run_tool() {   # run_tool MAIN ARGS...
  local main=$1; shift
  # shellcheck disable=SC2086
  java $JAVA_OPTS -cp "$(onebox_classpath)" "$main" "$@"
}

onebox_stop() {
  local i
  # MetaServers first: with them gone nobody reconfigures the partitions while the ReplicaServers go down one
  # by one, so the next start finds every partition with its three members, not one survivor that must first
  # teach two learners before it takes writes again
  for i in $(seq "$META_COUNT" -1 1); do stop_node meta "$i"; done
  for i in $(seq "$REPLICA_COUNT" -1 1); do stop_node replica "$i"; done
  stop_node zookeeper
}

onebox_status() {
  local type i pid st
  printf "%-11s %-20s %-8s %s\n" node address pid state
  while read -r type i; do
    if pid=$(pid_of "$type" "$i"); then st=running; else st=stopped; pid=-; fi
    printf "%-11s %-20s %-8s %s\n" "$type$i" "127.0.0.1:$(node_port "$type" "$i")" "$pid" "$st"
  done < <(all_nodes)
}

onebox_clean() {
  onebox_stop >/dev/null 2>&1 || true
  rm -rf "$ONEBOX"
  echo "removed $ONEBOX"
}

onebox_main() {
  local sub=${1:-help}; shift || true
  case $sub in
    start) onebox_start ;;
    stop) onebox_stop ;;
    status) onebox_status ;;
    clean) onebox_clean ;;
    start-node) start_node "$1" "${2:-}" ;;
    stop-node) stop_node "$1" "${2:-}" ;;
    kill-node) stop_node "$1" "${2:-}" KILL ;;
    restart-node) stop_node "$1" "${2:-}"; start_node "$1" "${2:-}" ;;
    *) echo "usage: bin/pegasus onebox start|stop|status|clean|start-node|stop-node|kill-node|restart-node [meta|replica|zookeeper] [N]" >&2; return 2 ;;
  esac
}
