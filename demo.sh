#!/usr/bin/env bash
# aurora-jca in one command: a bank application on WildFly rides through an Aurora-style writer
# failover. Starts a 3-node cluster-sim cluster (real MariaDB, real replication), a WildFly
# 39.0.1.Final from Maven Central, configures the resource adapter with the sample's jboss-cli
# script, deploys the sample EAR (rar + web module), drives transfers and reads, crashes the
# writer, keeps driving, and prints a report. Stops everything it started, also on failure.
# Exit code 0 only if the application recovered.
#
# Needs: JDK 17+, Maven, curl, MariaDB server binaries (apt-get install -y mariadb-server).
# Environment (all optional):
#   DEMO_PORT_OFFSET  WildFly port offset (default 200: HTTP 8280, management 10190)
#   DEMO_NO_BUILD=1   never run Maven; fail if an artifact is missing (the test sets it)
#   WILDFLY_HOME      an unpacked WildFly 39 to use instead of provisioning one
#   DEMO_KEEP=1       keep the run folder (logs) even when the demo succeeds
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"

OFFSET="${DEMO_PORT_OFFSET:-200}"
HTTP_PORT=$((8080 + OFFSET))
MGMT_PORT=$((9990 + OFFSET))
WILDFLY_VERSION=39.0.1.Final
EAR="$ROOT/ear-example/ear/target/aurora-example.ear"
SIM_JAR="$ROOT/cluster-sim/target/cluster-sim.jar"
CLIENT="$ROOT/ear-example/demo-test/src/main/java/dev/aurorajca/example/demo/DemoClient.java"
CLI_SCRIPT="$ROOT/ear-example/server/wildfly/configure-aurora.cli"
WILDFLY_HOME="${WILDFLY_HOME:-$ROOT/ear-example/demo-test/target/wildfly-$WILDFLY_VERSION}"

START=$(date +%s)
log() { printf '[demo %3ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
fail() { log "FAILED: $*"; exit 1; }

# Polls "$@" until it succeeds or $1 seconds pass.
await() {
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.5
  done
}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---- build what is missing -------------------------------------------------------------------
command -v java >/dev/null || fail "java not found (JDK 17+ needed)"
command -v curl >/dev/null || fail "curl not found"
if [ ! -f "$EAR" ] || [ ! -f "$SIM_JAR" ]; then
  [ "${DEMO_NO_BUILD:-0}" = 1 ] && fail "missing $EAR or $SIM_JAR (build with: mvn -B install -DskipTests)"
  log "building the EAR and cluster-sim (mvn -B -q install -DskipTests; once)"
  mvn -B -q -pl cluster-sim,ear-example/ear -am install -DskipTests
fi
if [ ! -x "$WILDFLY_HOME/bin/standalone.sh" ]; then
  [ "${DEMO_NO_BUILD:-0}" = 1 ] && fail "no WildFly at $WILDFLY_HOME"
  log "provisioning WildFly $WILDFLY_VERSION from Maven Central into ear-example/demo-test/target (once)"
  mvn -B -q -f ear-example/demo-test/pom.xml dependency:unpack@unpack-wildfly
fi
for p in "$HTTP_PORT" "$MGMT_PORT"; do
  port_in_use "$p" && fail "port $p is in use; set DEMO_PORT_OFFSET to another offset"
done

# ---- everything below is stopped by cleanup, whatever happens ---------------------------------
RUN="$(mktemp -d "${TMPDIR:-/tmp}/aurora-demo.XXXXXX")"
WF_PID=""
CLUSTER_UP=0
OK=0
cleanup() {
  local code=$?
  set +e
  if [ -n "$WF_PID" ] && kill -0 "$WF_PID" 2>/dev/null; then
    log "stopping WildFly"
    # standalone.sh runs in its own process group (setsid): TERM reaches the server JVM too.
    kill -TERM -- "-$WF_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$WF_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$WF_PID" 2>/dev/null
  fi
  if [ "$CLUSTER_UP" = 1 ]; then
    log "stopping the cluster"
    java -jar "$SIM_JAR" down --dir "$RUN/cluster" >/dev/null 2>&1 || log "cluster-sim down failed; see $RUN/cluster/daemon.log"
  fi
  if [ "$OK" = 1 ] && [ "${DEMO_KEEP:-0}" != 1 ]; then
    rm -rf "$RUN"
  else
    [ "$OK" = 1 ] || { log "server log tail:"; tail -n 40 "$RUN/standalone/log/server.log" 2>/dev/null; }
    log "logs kept in $RUN"
  fi
  log "done in $(( $(date +%s) - START )) s"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the cluster -------------------------------------------------------------------------------
log "starting a 3-node cluster-sim cluster"
CLUSTER_UP=1
java -jar "$SIM_JAR" up --dir "$RUN/cluster" --nodes 3 > "$RUN/cluster-up.json" || fail "cluster-sim up: $(cat "$RUN/cluster-up.json")"
WRITER=$(grep -o '"writer":{[^}]*}' "$RUN/cluster-up.json")
W_HOST=$(sed -E 's/.*"host":"([^"]+)".*/\1/' <<<"$WRITER")
W_PORT=$(sed -E 's/.*"port":([0-9]+).*/\1/' <<<"$WRITER")
field() { grep -o "\"$1\":\"[^\"]*\"" "$RUN/cluster-up.json" | head -1 | cut -d'"' -f4; }
log "cluster up: writer endpoint $W_HOST:$W_PORT (a fault-injecting proxy in front of node 1)"

# ---- WildFly -----------------------------------------------------------------------------------
# A fresh server base dir per run: the unpacked distribution stays untouched.
cp -r "$WILDFLY_HOME/standalone" "$RUN/standalone"
rm -rf "$RUN/standalone/data" "$RUN/standalone/log" "$RUN/standalone/tmp" "$RUN/standalone/configuration/standalone_xml_history"
log "starting WildFly $WILDFLY_VERSION (port offset $OFFSET: HTTP $HTTP_PORT, management $MGMT_PORT)"
JAVA_OPTS="-Xms128m -Xmx512m -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true" \
  setsid "$WILDFLY_HOME/bin/standalone.sh" \
    -Djboss.server.base.dir="$RUN/standalone" \
    -Djboss.socket.binding.port-offset="$OFFSET" \
    -b 127.0.0.1 -bmanagement 127.0.0.1 \
    > "$RUN/server.out" 2>&1 &
WF_PID=$!
cli() { "$WILDFLY_HOME/bin/jboss-cli.sh" -c --controller="127.0.0.1:$MGMT_PORT" "$@"; }
server_running() { cli --command=':read-attribute(name=server-state)' | grep -q '"result" => "running"'; }
await 120 server_running || fail "WildFly did not reach state running in 120 s"
log "WildFly running"

# ---- configure the adapter with the sample's CLI script, deploy the EAR --------------------------
cat > "$RUN/aurora.properties" <<PROPS
aurora.archive=aurora-example.ear#aurora-jca.rar
aurora.endpoint=$W_HOST
aurora.port=$W_PORT
aurora.database=$(field database)
aurora.user=$(field user)
aurora.password=$(field password)
aurora.dialect=rds-multi-az-mysql
aurora.plugins=failover,host_monitoring_v2
aurora.reader-strategy=round_robin
PROPS
{ cat "$CLI_SCRIPT"; echo "deploy $EAR"; } > "$RUN/demo.cli"
log "configuring resource adapter aurora (ear-example/server/wildfly/configure-aurora.cli) and deploying aurora-example.ear"
cli --properties="$RUN/aurora.properties" --resolve-parameter-values --file="$RUN/demo.cli" > "$RUN/cli.out" 2>&1 \
  || { cat "$RUN/cli.out"; fail "jboss-cli"; }
API="http://127.0.0.1:$HTTP_PORT/bank/api"
app_up() { curl -sf -o /dev/null "$API/cluster"; }
await 60 app_up || fail "the application did not answer at $API/cluster"
log "application up at $API"

# ---- traffic, failover, report -----------------------------------------------------------------
log "driving transfers and reads; the writer fails over after 6 s"
java "$CLIENT" --base "$API" --writers 6 --readers 4 --before 6 --after 14 \
  --failover "java -jar '$SIM_JAR' failover --dir '$RUN/cluster'" \
  || fail "the application did not recover (report above)"
OK=1
