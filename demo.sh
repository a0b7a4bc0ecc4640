#!/usr/bin/env bash
# aurora-jca in one command: a bank application on WildFly (default) or Payara rides through an
# Aurora-style writer failover. Starts a 3-node cluster-sim cluster (real MariaDB, real
# replication), the application server from Maven Central (WildFly 39.0.1.Final, or Payara
# 6.2025.9 in a private domain), configures the resource adapter the way README.md tells a user of
# that server, deploys the sample EAR (rar + web module), drives transfers and reads, crashes the
# writer, keeps driving, and prints a report. Stops everything it started, also on failure.
# Exit code 0 only if the application recovered; 2 for a bad command line.
#
# Usage: ./demo.sh [--server wildfly|payara] [--help]
#
# Needs: JDK 17+, Maven, curl, MariaDB server binaries (apt-get install -y mariadb-server).
# Environment (all optional):
#   DEMO_PORT_OFFSET  port offset (default 200): WildFly HTTP 8280, management 10190;
#                     Payara port base 8200: HTTP 8280, admin 8248 (and 8209..8286)
#   DEMO_NO_BUILD=1   never run Maven; fail if an artifact is missing (the test sets it)
#   WILDFLY_HOME      an unpacked WildFly 39 to use instead of provisioning one
#   PAYARA_HOME       an unpacked Payara 6 (the payara6 folder) to use instead of provisioning one
#   DEMO_KEEP=1       keep the run folder (logs) even when the demo succeeds
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"

usage() {
  cat <<'USAGE'
Usage: ./demo.sh [--server wildfly|payara] [--help]

  --server wildfly   run the sample on WildFly 39.0.1.Final (the default)
  --server payara    run the sample on Payara 6.2025.9 (a private domain in the run folder)
  --help             print this help and exit

Environment: DEMO_PORT_OFFSET, DEMO_NO_BUILD, WILDFLY_HOME, PAYARA_HOME, DEMO_KEEP (see the
comment at the top of demo.sh).
USAGE
}
# A bad command line: say what is wrong, show the usage, exit 2 before anything starts.
usage_error() { printf 'demo.sh: %s\n\n' "$1" >&2; usage >&2; exit 2; }

SERVER=wildfly
while [ $# -gt 0 ]; do
  case "$1" in
    --server)
      [ $# -ge 2 ] || usage_error "--server needs a value: wildfly or payara"
      SERVER="$2"; shift 2 ;;
    --server=*) SERVER="${1#--server=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option: $1" ;;
  esac
done
case "$SERVER" in
  wildfly|payara) ;;
  *) usage_error "--server must be wildfly or payara, not '$SERVER'" ;;
esac

OFFSET="${DEMO_PORT_OFFSET:-200}"
HTTP_PORT=$((8080 + OFFSET))
MGMT_PORT=$((9990 + OFFSET))           # WildFly management
PAYARA_PORTBASE=$((8000 + OFFSET))     # Payara: HTTP = base+80, admin = base+48
ADMIN_PORT=$((PAYARA_PORTBASE + 48))
WILDFLY_VERSION=39.0.1.Final
PAYARA_VERSION=6.2025.9
EAR="$ROOT/ear-example/ear/target/aurora-example.ear"
SIM_JAR="$ROOT/cluster-sim/target/cluster-sim.jar"
CLIENT="$ROOT/ear-example/demo-test/src/main/java/dev/aurorajca/example/demo/DemoClient.java"
CLI_SCRIPT="$ROOT/ear-example/server/wildfly/configure-aurora.cli"
# Both servers unpack into this clone's ear-example/demo-test/target: per user, never a shared path.
WILDFLY_HOME="${WILDFLY_HOME:-$ROOT/ear-example/demo-test/target/wildfly-$WILDFLY_VERSION}"
PAYARA_HOME="${PAYARA_HOME:-$ROOT/ear-example/demo-test/target/payara6}"
ASADMIN="$PAYARA_HOME/bin/asadmin"
# bin/asadmin passes this to its short-lived client JVM only (not to the server): C1 alone starts
# it in about half the time. A value of your own is kept.
export AS_EXTRA_JAVA_OPTS="${AS_EXTRA_JAVA_OPTS:--XX:TieredStopAtLevel=1}"

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
if [ "$SERVER" = wildfly ]; then
  if [ ! -x "$WILDFLY_HOME/bin/standalone.sh" ]; then
    [ "${DEMO_NO_BUILD:-0}" = 1 ] && fail "no WildFly at $WILDFLY_HOME"
    log "provisioning WildFly $WILDFLY_VERSION from Maven Central into ear-example/demo-test/target (once)"
    mvn -B -q -f ear-example/demo-test/pom.xml dependency:unpack@unpack-wildfly
  fi
  PORTS="$HTTP_PORT $MGMT_PORT"
else
  if [ ! -x "$ASADMIN" ]; then
    [ "${DEMO_NO_BUILD:-0}" = 1 ] && fail "no Payara at $PAYARA_HOME"
    log "provisioning Payara $PAYARA_VERSION from Maven Central into ear-example/demo-test/target (once)"
    mvn -B -q -f ear-example/demo-test/pom.xml dependency:unpack@unpack-payara
  fi
  # Every port of a domain made with --portbase: debug, IIOP x3, admin, Hazelcast x2, OSGi shell, HTTP, HTTPS, JMX.
  PORTS=""
  for d in 9 37 38 39 48 49 59 66 80 81 86; do PORTS="$PORTS $((PAYARA_PORTBASE + d))"; done
fi
for p in $PORTS; do
  port_in_use "$p" && fail "port $p is in use; set DEMO_PORT_OFFSET to another offset"
done

# ---- everything below is stopped by cleanup, whatever happens ---------------------------------
RUN="$(mktemp -d "${TMPDIR:-/tmp}/aurora-demo.XXXXXX")"
WF_PID=""
PAYARA_STARTED=0
CLUSTER_UP=0
OK=0
SERVER_LOG="$RUN/standalone/log/server.log"
[ "$SERVER" = payara ] && SERVER_LOG="$RUN/domains/demo/logs/server.log"
stop_wildfly() {
  log "stopping WildFly"
  # standalone.sh runs in its own process group (setsid): TERM reaches the server JVM too.
  kill -TERM -- "-$WF_PID" 2>/dev/null
  for _ in $(seq 1 60); do kill -0 "$WF_PID" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$WF_PID" 2>/dev/null
}
stop_payara() {
  log "stopping Payara"
  local pidfile="$RUN/domains/demo/config/pid" pid=""
  [ -f "$pidfile" ] && pid=$(cat "$pidfile")
  timeout 120 "$ASADMIN" stop-domain --domaindir "$RUN/domains" demo >/dev/null 2>&1
  # stop-domain failed or timed out: the server JVM (its pid file) goes the hard way.
  [ -z "$pid" ] && [ -f "$pidfile" ] && pid=$(cat "$pidfile")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null
  fi
}
cleanup() {
  local code=$?
  set +e
  if [ -n "$WF_PID" ] && kill -0 "$WF_PID" 2>/dev/null; then
    stop_wildfly
  fi
  if [ "$PAYARA_STARTED" = 1 ]; then
    stop_payara
  fi
  if [ "$CLUSTER_UP" = 1 ]; then
    log "stopping the cluster"
    java -jar "$SIM_JAR" down --dir "$RUN/cluster" >/dev/null 2>&1 || log "cluster-sim down failed; see $RUN/cluster/daemon.log"
  fi
  if [ "$OK" = 1 ] && [ "${DEMO_KEEP:-0}" != 1 ]; then
    rm -rf "$RUN"
  else
    [ "$OK" = 1 ] || { log "server log tail:"; tail -n 40 "$SERVER_LOG" 2>/dev/null; }
    log "logs kept in $RUN"
  fi
  log "done in $(( $(date +%s) - START )) s"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the cluster -------------------------------------------------------------------------------
log "starting a 3-node cluster-sim cluster in Aurora mode"
CLUSTER_UP=1
java -jar "$SIM_JAR" up --dir "$RUN/cluster" --nodes 3 --aurora > "$RUN/cluster-up.json" || fail "cluster-sim up: $(cat "$RUN/cluster-up.json")"
# The application connects through the cluster endpoint's name, as on AWS; WildFly and Payara
# resolve it through the cluster's hosts file (-Djdk.net.hosts.file below).
ENDPOINT=$(grep -o '"clusterEndpoint":{[^}]*}' "$RUN/cluster-up.json")
W_HOST=$(sed -E 's/.*"host":"([^"]+)".*/\1/' <<<"$ENDPOINT")
W_PORT=$(sed -E 's/.*"port":([0-9]+).*/\1/' <<<"$ENDPOINT")
HOSTS_FILE=$(grep -o '"hostsFile":"[^"]*"' "$RUN/cluster-up.json" | cut -d'"' -f4)
field() { grep -o "\"$1\":\"[^\"]*\"" "$RUN/cluster-up.json" | head -1 | cut -d'"' -f4; }
log "cluster up: cluster endpoint $W_HOST:$W_PORT (Aurora MySQL surface; names in $HOSTS_FILE)"

# ---- WildFly: start, configure the adapter with the sample's CLI script, deploy the EAR ---------
run_wildfly() {
  # A fresh server base dir per run: the unpacked distribution stays untouched.
  cp -r "$WILDFLY_HOME/standalone" "$RUN/standalone"
  rm -rf "$RUN/standalone/data" "$RUN/standalone/log" "$RUN/standalone/tmp" "$RUN/standalone/configuration/standalone_xml_history"
  log "starting WildFly $WILDFLY_VERSION (port offset $OFFSET: HTTP $HTTP_PORT, management $MGMT_PORT)"
  JAVA_OPTS="-Xms128m -Xmx512m -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true -Djdk.net.hosts.file=$HOSTS_FILE" \
    setsid "$WILDFLY_HOME/bin/standalone.sh" \
      -Djboss.server.base.dir="$RUN/standalone" \
      -Djboss.socket.binding.port-offset="$OFFSET" \
      -b 127.0.0.1 -bmanagement 127.0.0.1 \
      > "$RUN/server.out" 2>&1 &
  WF_PID=$!
  cli() { "$WILDFLY_HOME/bin/jboss-cli.sh" -c --controller="127.0.0.1:$MGMT_PORT" "$@"; }
  server_running() { cli --command=':read-attribute(name=server-state)' | grep -q '"result" => "running"'; }
  await 180 server_running || fail "WildFly did not reach state running in 180 s"
  log "WildFly running"

  cat > "$RUN/aurora.properties" <<PROPS
aurora.archive=aurora-example.ear#aurora-jca.rar
aurora.endpoint=$W_HOST
aurora.port=$W_PORT
aurora.database=$(field database)
aurora.user=$(field user)
aurora.password=$(field password)
aurora.dialect=aurora-mysql
aurora.plugins=failover,host_monitoring_v2
aurora.reader-strategy=round_robin
PROPS
  { cat "$CLI_SCRIPT"; echo "deploy $EAR"; } > "$RUN/demo.cli"
  log "configuring resource adapter aurora (ear-example/server/wildfly/configure-aurora.cli) and deploying aurora-example.ear"
  cli --properties="$RUN/aurora.properties" --resolve-parameter-values --file="$RUN/demo.cli" > "$RUN/cli.out" 2>&1 \
    || { cat "$RUN/cli.out"; fail "jboss-cli"; }
}

# ---- Payara: a private domain, the rar on its own, the EAR with its glassfish-resources.xml -----
run_payara() {
  # A private domain in the run folder (any user; its own ports; gone with the run folder), copied
  # from one made once per port base in this clone's ear-example/demo-test/target (create-domain
  # takes a minute or more on a busy machine).
  local target="$ROOT/ear-example/demo-test/target"
  local template="$target/payara-demo-domain-$PAYARA_PORTBASE"
  if [ ! -f "$template/demo/config/domain.xml" ]; then
    log "creating a Payara domain template (asadmin create-domain --portbase $PAYARA_PORTBASE --nopassword; once)"
    local fresh
    mkdir -p "$target"
    fresh="$(mktemp -d "$target/payara-demo-domain.XXXXXX")"
    timeout 600 "$ASADMIN" --user admin --interactive=false create-domain --domaindir "$fresh" \
        --portbase "$PAYARA_PORTBASE" --nopassword=true demo > "$RUN/create-domain.out" 2>&1 \
      || { cat "$RUN/create-domain.out"; rm -rf "$fresh"; fail "asadmin create-domain"; }
    rm -rf "$template"; mv "$fresh" "$template" 2>/dev/null || rm -rf "$fresh"
  fi
  mkdir -p "$RUN/domains" && cp -r "$template/demo" "$RUN/domains/demo"
  # Payara resolves the cluster endpoint's name through the cluster's hosts file, like WildFly:
  # one JVM option in the server's (first) java-config of this run's copy of the domain.
  sed -i "0,/<\/java-config>/s|</java-config>|<jvm-options>-Djdk.net.hosts.file=$HOSTS_FILE</jvm-options></java-config>|" \
    "$RUN/domains/demo/config/domain.xml"
  grep -q "jdk.net.hosts.file=$HOSTS_FILE" "$RUN/domains/demo/config/domain.xml" || fail "could not add the hosts file to the Payara domain"
  log "starting Payara $PAYARA_VERSION (port base $PAYARA_PORTBASE: HTTP $HTTP_PORT, admin $ADMIN_PORT)"
  PAYARA_STARTED=1
  timeout 600 "$ASADMIN" start-domain --domaindir "$RUN/domains" demo > "$RUN/start-domain.out" 2>&1 \
    || { cat "$RUN/start-domain.out"; fail "asadmin start-domain"; }
  log "Payara running"
  asadmin() { timeout 600 "$ASADMIN" --host 127.0.0.1 --port "$ADMIN_PORT" --interactive=false "$@"; }
  # Payara creates an EAR's persistence units before it starts a rar inside the same EAR, so the
  # adapter is deployed on its own first; the EAR's copy of the rar is not used on Payara.
  log "deploying aurora-jca.rar on its own (asadmin deploy --type rar --name aurora-jca)"
  (cd "$RUN" && jar xf "$EAR" aurora-jca.rar) || fail "could not take aurora-jca.rar out of $EAR"
  asadmin deploy --type rar --name aurora-jca "$RUN/aurora-jca.rar" > "$RUN/deploy-rar.out" 2>&1 \
    || { cat "$RUN/deploy-rar.out"; fail "asadmin deploy aurora-jca.rar"; }
  # The EAR's glassfish-resources.xml holds placeholders for the cluster's address and credentials
  # (Payara 6.2025.9 does not resolve ${ENV=...} in connector pool properties): a copy of the EAR
  # gets this cluster's values, as a user puts theirs in before packaging.
  mkdir -p "$RUN/ear/META-INF" && cp "$EAR" "$RUN/aurora-example.ear"
  (cd "$RUN/ear" && jar xf "$EAR" META-INF/glassfish-resources.xml) || fail "no META-INF/glassfish-resources.xml in $EAR"
  sed -i -e "s|\${ENV=AURORA_ENDPOINT}|$W_HOST|g" -e "s|\${ENV=AURORA_PORT}|$W_PORT|g" \
      -e "s|\${ENV=AURORA_DATABASE}|$(field database)|g" -e "s|\${ENV=AURORA_USER}|$(field user)|g" \
      -e "s|\${ENV=AURORA_PASSWORD}|$(field password)|g" "$RUN/ear/META-INF/glassfish-resources.xml"
  (cd "$RUN/ear" && jar uf "$RUN/aurora-example.ear" META-INF/glassfish-resources.xml) || fail "jar uf aurora-example.ear"
  log "deploying aurora-example.ear (its META-INF/glassfish-resources.xml, with this cluster's values, creates the writer and reader pools)"
  asadmin deploy "$RUN/aurora-example.ear" > "$RUN/deploy-ear.out" 2>&1 \
    || { cat "$RUN/deploy-ear.out"; fail "asadmin deploy aurora-example.ear"; }
}

if [ "$SERVER" = wildfly ]; then run_wildfly; else run_payara; fi
API="http://127.0.0.1:$HTTP_PORT/bank/api"
app_up() { curl -sf -o /dev/null "$API/cluster"; }
await 120 app_up || fail "the application did not answer at $API/cluster"
log "application up at $API"

# ---- traffic, failover, report -----------------------------------------------------------------
log "driving transfers and reads; the writer fails over after 6 s; then a second failover while the pools sit idle"
java "$CLIENT" --base "$API" --writers 6 --readers 4 --before 6 --after 14 \
  --failover "java -jar '$SIM_JAR' failover --dir '$RUN/cluster'" \
  --sim "java -jar '$SIM_JAR' {} --dir '$RUN/cluster'" \
  || fail "the application did not recover (report above)"
OK=1
