#!/usr/bin/env bash
# A one-machine cluster laid out like Apache Pegasus's onebox: a real ZooKeeper on 127.0.0.1:22181,
# MetaServers on 34601-34603, ReplicaServers on 34801-34803, each a separate process with its data
# and log under onebox/. Sourced by bin/pegasus; see `bin/pegasus help`.
set -euo pipefail

ONEBOX=${PEGASUS_ONEBOX_DIR:-$root/onebox}
ZK_PORT=22181
META_BASE=34600
REPLICA_BASE=34800
META_COUNT=${PEGASUS_ONEBOX_METAS:-3}
REPLICA_COUNT=${PEGASUS_ONEBOX_REPLICAS:-3}
JAVA_OPTS=${PEGASUS_JAVA_OPTS:-"-Xmx1g -XX:+UseG1GC"}

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
  [ -f "$ONEBOX/onebox.properties" ] && return
  cat > "$ONEBOX/onebox.properties" <<EOC
# onebox cluster configuration (shared by every process; see docs/configuration.md)
cluster.meta_servers = $(meta_list)
meta.zk_servers = 127.0.0.1:$ZK_PORT
meta.zk_root = /pegasus/onebox
fd.beacon_interval_ms = 1000
fd.lease_ms = 9000
fd.grace_ms = 10000
EOC
}

pid_of() {
  local f; f="$(node_dir "$1" "${2:-}")/pid"
  [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

wait_port() {   # wait_port PORT SECONDS NAME
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "error: $3 did not open port $1 within $2 s; see its log" >&2
  return 1
}

start_node() {   # start_node TYPE [INDEX]
  local type=$1 idx=${2:-} dir port main args cp
  dir=$(node_dir "$type" "$idx"); port=$(node_port "$type" "$idx")
  if pid=$(pid_of "$type" "$idx"); then echo "$type$idx already running (pid $pid)"; return 0; fi
  mkdir -p "$dir"
  cp=$(onebox_classpath)
  case $type in
    zookeeper) main=io.pegasus.server.zk.ZooKeeperMain; args="--port $port --data-dir $dir/data" ;;
    meta) main=io.pegasus.server.meta.MetaServerMain; args="--config $ONEBOX/onebox.properties --port $port" ;;
    replica) main=io.pegasus.server.replica.ReplicaServerMain
             args="--config $ONEBOX/onebox.properties --port $port --data-dir $dir/data" ;;
  esac
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat="yyyy-MM-dd HH:mm:ss.SSS" \
    -cp "$cp" $main $args >>"$dir/server.log" 2>&1 &
  echo $! > "$dir/pid"
  wait_port "$port" 60 "$type$idx" || { tail -20 "$dir/server.log" >&2; return 1; }
  echo "started $type$idx on 127.0.0.1:$port (pid $(cat "$dir/pid"), log $dir/server.log)"
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

onebox_start() {
  local t0=$SECONDS i
  write_config
  onebox_classpath >/dev/null
  start_node zookeeper
  for i in $(seq 1 "$META_COUNT"); do start_node meta "$i"; done
  for i in $(seq 1 "$REPLICA_COUNT"); do start_node replica "$i"; done
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
  for i in $(seq "$REPLICA_COUNT" -1 1); do stop_node replica "$i"; done
  for i in $(seq "$META_COUNT" -1 1); do stop_node meta "$i"; done
  stop_node zookeeper
}

onebox_status() {
  local type i pid
  printf "%-11s %-20s %-8s %s\n" node address pid state
  if pid=$(pid_of zookeeper); then st=running; else st=stopped; pid=-; fi
  printf "%-11s %-20s %-8s %s\n" zookeeper "127.0.0.1:$ZK_PORT" "$pid" "$st"
  for type in meta replica; do
    local count=$META_COUNT; [ $type = replica ] && count=$REPLICA_COUNT
    for i in $(seq 1 "$count"); do
      if pid=$(pid_of $type "$i"); then st=running; else st=stopped; pid=-; fi
      printf "%-11s %-20s %-8s %s\n" "$type$i" "127.0.0.1:$(node_port $type "$i")" "$pid" "$st"
    done
  done
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
