#!/usr/bin/env bash
# bin/pegasus bench: YCSB against our onebox and the systems users would pick instead, side by side on loopback.
# Installs nothing. Starts each system under test that this machine has, benchmarks them, stops what it started:
#   pegasus  our onebox (ZooKeeper, 3 MetaServers, 3 ReplicaServers; bin/pegasus onebox), data in the bench folder
#   etcd     3 members of Debian's etcd-server on 127.0.0.1:23791-23793 (peers 23801-23803)
#   redis    Debian's redis-server: a primary on 127.0.0.1:26379 and two replicas on 26380-26381; writes WAIT 2
#   rocksdb  rocksdbjni in the benchmark's own process: the yardstick
# A peer that is missing (or whose ports are taken) is reported and the rest are benchmarked.
#
# Usage: bin/pegasus bench [--smoke] [--jfr] [--perf] [--dir DIR] [driver options]
#   --smoke     tiny counts, one thread count, short cells (what CI runs)
#   --jfr       record a JFR profile of each ReplicaServer under load into DIR/jfr and summarize it
#   --perf      record the whole machine with perf (needs perf and root) during every measured round into DIR/perf
#               and print, per cell, the CPU per operation by process, kind of thread and activity (kernel included)
#   --dir DIR   where data, logs and results go (default pegasus-bench/target/bench-run)
#   driver options (pegasus-bench/src/main/java/io/pegasus/bench/BenchMain.java): --systems pegasus,etcd,redis,rocksdb
#     --workloads A,B,C,W  --threads 1,4,16  --records 2000  --seconds 5  --rounds 3  --warmup 2  --value-bytes 1024
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

orig_args=("$@")
dir="$root/pegasus-bench/target/bench-run"
smoke=false
jfr=false
perf=false
systems="pegasus,etcd,redis,rocksdb"
driver_args=()
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) smoke=true ;;
    --jfr) jfr=true ;;
    --perf) perf=true ;;
    --dir) dir=$2; shift ;;
    --systems) systems=$2; shift ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) driver_args+=("$1") ;;
  esac
  shift
done
if $smoke; then   # smoke defaults, each unless given
  for default in --records=200 --threads=2 --seconds=1 --rounds=1 --warmup=0.5 --system-warmup=0; do
    [[ " ${driver_args[*]} " == *" ${default%%=*}"[=\ ]* ]] || driver_args+=("${default%%=*}" "${default#*=}")
  done
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

log() { echo "== bench: $*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

etcd_healthy() {   # etcd_healthy PORT: its /health says true (plain bash, no curl needed)
  (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3 \
    && grep -q '"health":"true"' <&3) 2>/dev/null
}

# the peers' programs; overridable (e.g. to try a missing peer)
etcd_bin=${PEGASUS_BENCH_ETCD:-etcd}
redis_bin=${PEGASUS_BENCH_REDIS:-redis-server}
redis_cli=${PEGASUS_BENCH_REDIS_CLI:-redis-cli}

wait_until() {   # wait_until SECONDS COMMAND...: polls every 0.2 s
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}

measured=()
missing=()
pids=()
onebox_started=false

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if $onebox_started; then
    log "stopping the onebox"
    PEGASUS_ONEBOX_DIR="$dir/onebox" "$root/bin/pegasus" onebox stop >&2 || true
  fi
}
trap cleanup EXIT

wanted() { [[ ",$systems," == *",$1,"* ]]; }

start_etcd() {
  if ! command -v "$etcd_bin" >/dev/null; then
    missing+=("etcd: not installed (apt-get install etcd-server)"); return
  fi
  local i cluster=""
  for i in 1 2 3; do
    if port_open $((23790 + i)) || port_open $((23800 + i)); then
      missing+=("etcd: port $((23790 + i)) or $((23800 + i)) is already in use"); return
    fi
    cluster="$cluster${cluster:+,}e$i=http://127.0.0.1:$((23800 + i))"
  done
  rm -rf "$dir/etcd"
  for i in 1 2 3; do
    mkdir -p "$dir/etcd/e$i"
    "$etcd_bin" --name "e$i" --data-dir "$dir/etcd/e$i/data" \
      --listen-client-urls "http://127.0.0.1:$((23790 + i))" --advertise-client-urls "http://127.0.0.1:$((23790 + i))" \
      --listen-peer-urls "http://127.0.0.1:$((23800 + i))" --initial-advertise-peer-urls "http://127.0.0.1:$((23800 + i))" \
      --initial-cluster "$cluster" --initial-cluster-token pegasus-bench --initial-cluster-state new \
      >"$dir/etcd/e$i/etcd.log" 2>&1 &
    pids+=($!); disown $!
  done
  local healthy=true
  for i in 1 2 3; do
    if ! wait_until 30 etcd_healthy $((23790 + i)); then
      healthy=false
    fi
  done
  if $healthy; then
    log "etcd: 3 members on 127.0.0.1:23791-23793 ($("$etcd_bin" --version | head -1))"
    measured+=(etcd)
  else
    missing+=("etcd: the cluster did not become healthy within 30 s (see $dir/etcd/e*/etcd.log)")
  fi
}

start_redis() {
  if ! command -v "$redis_bin" >/dev/null || ! command -v "$redis_cli" >/dev/null; then
    missing+=("redis: not installed (apt-get install redis-server)"); return
  fi
  local i port
  for port in 26379 26380 26381; do
    if port_open $port; then missing+=("redis: port $port is already in use"); return; fi
  done
  rm -rf "$dir/redis"
  for i in 0 1 2; do
    port=$((26379 + i))
    mkdir -p "$dir/redis/r$i"
    local role=()
    [ $i -gt 0 ] && role=(--replicaof 127.0.0.1 26379)
    # no RDB snapshots, no AOF: durability comes from the replicas confirming each write (WAIT 2)
    "$redis_bin" --port $port --bind 127.0.0.1 --protected-mode no --daemonize no --dir "$dir/redis/r$i" \
      --save "" --appendonly no "${role[@]}" >"$dir/redis/r$i/redis.log" 2>&1 &
    pids+=($!); disown $!
  done
  if wait_until 30 sh -c "$redis_cli -p 26379 info replication | grep -q '^connected_slaves:2'"; then
    log "redis: primary 127.0.0.1:26379, replicas 26380-26381 ($("$redis_bin" --version | cut -d' ' -f3))"
    measured+=(redis)
  else
    missing+=("redis: the replicas did not connect within 30 s (see $dir/redis/r*/redis.log)")
  fi
}

# bin/onebox.sh's ports, shifted like it by PEGASUS_ONEBOX_PORT_OFFSET
onebox_offset=${PEGASUS_ONEBOX_PORT_OFFSET:-0}
onebox_metas="127.0.0.1:$((34601 + onebox_offset)),127.0.0.1:$((34602 + onebox_offset)),127.0.0.1:$((34603 + onebox_offset))"

start_onebox() {
  local port
  for port in 22181 34601 34602 34603 34801 34802 34803; do
    port=$((port + onebox_offset))
    if port_open $port; then
      missing+=("pegasus: port $port is in use (a onebox is already running? bin/pegasus onebox stop)"); return
    fi
  done
  rm -rf "$dir/onebox"
  onebox_started=true
  if PEGASUS_ONEBOX_DIR="$dir/onebox" "$root/bin/pegasus" onebox start >&2; then
    measured+=(pegasus)
  else
    missing+=("pegasus: the onebox did not start (see $dir/onebox)")
  fi
}

log "building the driver"
# one reactor invocation, so sibling modules resolve from the build itself, never from ~/.m2
mvn -q -ntp -pl pegasus-bench,pegasus-bench/etcd-classpath -am package dependency:build-classpath -DskipTests \
  -Dspotless.check.skip=true -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >&2
cp="$root/pegasus-bench/target/classes:$root/pegasus-core/target/classes:$(cat "$root/pegasus-bench/target/bench.classpath")"
# jetcd runs in its own worker JVM on the Netty 4.1 it was built with (pegasus-bench/etcd-classpath/pom.xml)
etcd_cp="$root/pegasus-bench/target/classes:$(cat "$root/pegasus-bench/etcd-classpath/target/bench.classpath")"

wanted pegasus && start_onebox
wanted etcd && start_etcd
wanted redis && start_redis
wanted rocksdb && { rm -rf "$dir/rocksdb"; measured+=(rocksdb); }

if [ ${#measured[@]} -eq 0 ]; then
  log "nothing to benchmark"
  printf '  not measured: %s\n' "${missing[@]}" >&2
  exit 1
fi
list=$(IFS=,; echo "${measured[*]}")
if $perf; then driver_args+=(--perf "$dir/perf"); fi
missing_args=()
for m in "${missing[@]}"; do missing_args+=(--missing "$m"); done

replica_pids=()
if $jfr && [[ ",$list," == *",pegasus,"* ]]; then
  mkdir -p "$dir/jfr"
  for i in 1 2 3; do
    if pid=$(cat "$dir/onebox/replica$i/pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null; then
      jcmd "$pid" JFR.start name=bench settings=profile filename="$dir/jfr/replica$i.jfr" >/dev/null
      replica_pids+=("$pid")
    fi
  done
fi

log "measuring: $list"
status=0
java -Xmx256m -cp "$cp" io.pegasus.bench.BenchMain --systems "$list" --out "$dir" --etcd-classpath "$etcd_cp" \
  --pegasus-metas "$onebox_metas" \
  --command "bin/pegasus bench${orig_args[*]:+ ${orig_args[*]}}" "${missing_args[@]}" "${driver_args[@]}" \
  || status=$?

if [ ${#replica_pids[@]} -gt 0 ]; then
  for pid in "${replica_pids[@]}"; do jcmd "$pid" JFR.stop name=bench >/dev/null || true; done
  java -cp "$cp" io.pegasus.bench.JfrSummary "$dir"/jfr/replica*.jfr | tee "$dir/jfr/summary.txt" || true
fi
exit $status
