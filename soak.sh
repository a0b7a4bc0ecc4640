#!/usr/bin/env bash
# aurora-jca soak: the resource adapter in WildFly (default) or Payara under a mixed workload
# while cluster-sim (Aurora mode, 3 nodes) suffers a fault every 25 s: writer crash + promotion,
# late promotion, writer hang, black hole, reader loss, latency spike, node restarts. At the end
# every acknowledged write is checked on the writer, every application-visible error is
# classified, the pause of every fault is held against its bound, and the server's threads, heap
# after GC and connections per instance are compared with the start. Writes DIR/summary.json and
# DIR/index.html (an SVG timeline). Stops everything it started, also on failure.
# Exit code 0 if every check passed, 1 if one failed, 2 for a bad command line.
#
# Usage: ./soak.sh [--minutes N] [--server wildfly|payara] [--out DIR] [--faults all|failover]
#                  [--datasource adapter|aws-wrapper|aws-wrapper-sorter] [--help]
#
# Needs what ./demo.sh needs: JDK 17+, Maven, curl, MariaDB server binaries. The first run builds
# cluster-sim, the rar and the soak WAR (benchmarks/soak) and provisions the server like demo.sh.
# Environment (all optional):
#   SOAK_PORT_OFFSET  port offset (default 300): WildFly HTTP 8380, management 10290;
#                     Payara port base 8300: HTTP 8380, admin 8348
#   WILDFLY_HOME / PAYARA_HOME  an unpacked server to use instead of provisioning one
#   SOAK_KEEP=1       keep the run folder (server and cluster logs) even when the soak passes
set -euo pipefail

ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"

usage() {
  cat <<'USAGE'
Usage: ./soak.sh [--minutes N] [--server wildfly|payara] [--out DIR]
                 [--faults all|failover] [--datasource adapter|aws-wrapper|aws-wrapper-sorter] [--help]

  --minutes N        how long the workload and the faults run (default 20; at least 2; one fault
                     every 25 s, so 5 minutes give 11 faults)
  --server wildfly   run in WildFly 39.0.1.Final (the default)
  --server payara    run in Payara 6.2025.9 (a private domain in the run folder)
  --out DIR          where summary.json and index.html go (default target/soak-<UTC time>)
  --faults all       every kind of fault in turn (the default)
  --faults failover  only writer crashes (each followed by the ex-writer's restart): errors per failover
  --datasource adapter             the load uses aurora-jca's writer and reader factories (the default)
  --datasource aws-wrapper         (WildFly only) instead, two WildFly datasources on the AWS JDBC
                                   wrapper 4.3.0 driver (initialConnection,failover2,efm2), no exception sorter
  --datasource aws-wrapper-sorter  the same with WildFly's MySQLExceptionSorter
  --help             print this help and exit

Environment: SOAK_PORT_OFFSET, WILDFLY_HOME, PAYARA_HOME, SOAK_KEEP (see the top of soak.sh).
USAGE
}
usage_error() { printf 'soak.sh: %s\n\n' "$1" >&2; usage >&2; exit 2; }

MINUTES=20
SERVER=wildfly
OUT=""
FAULTS=all
DATASOURCE=adapter
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) [ $# -ge 2 ] || usage_error "--minutes needs a value (whole minutes, at least 2)"; MINUTES="$2"; shift 2 ;;
    --minutes=*) MINUTES="${1#--minutes=}"; shift ;;
    --server) [ $# -ge 2 ] || usage_error "--server needs a value: wildfly or payara"; SERVER="$2"; shift 2 ;;
    --server=*) SERVER="${1#--server=}"; shift ;;
    --out) [ $# -ge 2 ] || usage_error "--out needs a directory"; OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#--out=}"; shift ;;
    --faults) [ $# -ge 2 ] || usage_error "--faults needs a value: all or failover"; FAULTS="$2"; shift 2 ;;
    --faults=*) FAULTS="${1#--faults=}"; shift ;;
    --datasource) [ $# -ge 2 ] || usage_error "--datasource needs a value: adapter, aws-wrapper or aws-wrapper-sorter"; DATASOURCE="$2"; shift 2 ;;
    --datasource=*) DATASOURCE="${1#--datasource=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option: '$1'" ;;
  esac
done
case "$MINUTES" in
  ''|*[!0-9]*) usage_error "--minutes must be a whole number of minutes (at least 2), not '$MINUTES'" ;;
esac
[ "$MINUTES" -ge 2 ] && [ "$MINUTES" -le 1440 ] || usage_error "--minutes must be between 2 and 1440, not '$MINUTES'"
case "$SERVER" in
  wildfly|payara) ;;
  *) usage_error "--server must be wildfly or payara, not '$SERVER'" ;;
esac
case "$FAULTS" in
  all|failover) ;;
  *) usage_error "--faults must be all or failover, not '$FAULTS'" ;;
esac
case "$DATASOURCE" in
  adapter) ;;
  aws-wrapper|aws-wrapper-sorter) [ "$SERVER" = wildfly ] || usage_error "--datasource $DATASOURCE runs on WildFly only, not with --server '$SERVER'" ;;
  *) usage_error "--datasource must be adapter, aws-wrapper or aws-wrapper-sorter, not '$DATASOURCE'" ;;
esac
[ -n "$OUT" ] || OUT="$ROOT/target/soak-$(date -u +%Y%m%dT%H%M%SZ)"
[ -n "$OUT" ] && [ "${OUT#-}" = "$OUT" ] || usage_error "--out must be a directory, not '$OUT'"
if [ -e "$OUT" ] && [ ! -d "$OUT" ]; then usage_error "--out must be a directory, not the file '$OUT'"; fi
mkdir -p "$OUT" 2>/dev/null || usage_error "--out: cannot create the directory '$OUT'"
OUT="$(cd "$OUT" && pwd)"

OFFSET="${SOAK_PORT_OFFSET:-300}"
HTTP_PORT=$((8080 + OFFSET))
MGMT_PORT=$((9990 + OFFSET))
PAYARA_PORTBASE=$((8000 + OFFSET))
ADMIN_PORT=$((PAYARA_PORTBASE + 48))
WILDFLY_VERSION=39.0.1.Final
PAYARA_VERSION=6.2025.9
SIM_JAR="$ROOT/cluster-sim/target/cluster-sim.jar"
RAR="$ROOT/rar-packaging/target/aurora-jca-0.1.0-SNAPSHOT.rar"
WAR="$ROOT/benchmarks/soak/target/soak.war"
CLASSES="$ROOT/benchmarks/soak/target/classes"
AWS_DRIVER="$ROOT/benchmarks/soak/aws-wrapper-driver/target/aws-wrapper-driver.jar"
CLI_SCRIPT="$ROOT/ear-example/server/wildfly/configure-aurora.cli"
WILDFLY_HOME="${WILDFLY_HOME:-$ROOT/ear-example/demo-test/target/wildfly-$WILDFLY_VERSION}"
PAYARA_HOME="${PAYARA_HOME:-$ROOT/ear-example/demo-test/target/payara6}"
ASADMIN="$PAYARA_HOME/bin/asadmin"
# The adapter's settings for the soak: the sample's configuration plus fast failure detection
# (a failover product is run with it; the defaults detect a hung writer after ~45 s).
DETECTION="FailureDetectionTime=1000 FailureDetectionInterval=1000 FailureDetectionCount=2 ConnectTimeout=3000"

START=$(date +%s)
log() { printf '[soak %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
fail() { log "FAILED: $*"; exit 1; }
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
if [ ! -f "$SIM_JAR" ] || [ ! -f "$RAR" ] || [ ! -f "$WAR" ]; then
  log "building cluster-sim, the rar and the soak WAR (mvn -B -q package -DskipTests; once)"
  mvn -B -q -pl cluster-sim,rar-packaging,benchmarks/soak -am package -DskipTests
fi
if [ "$DATASOURCE" != adapter ] && [ ! -f "$AWS_DRIVER" ]; then
  log "building the AWS JDBC wrapper driver deployment (benchmarks/soak/aws-wrapper-driver; once)"
  mvn -B -q -f benchmarks/soak/aws-wrapper-driver/pom.xml package
fi
if [ "$SERVER" = wildfly ]; then
  if [ ! -x "$WILDFLY_HOME/bin/standalone.sh" ]; then
    log "provisioning WildFly $WILDFLY_VERSION from Maven Central into ear-example/demo-test/target (once)"
    mvn -B -q -f ear-example/demo-test/pom.xml dependency:unpack@unpack-wildfly
  fi
  PORTS="$HTTP_PORT $MGMT_PORT"
  SERVER_NAME="WildFly $WILDFLY_VERSION"
  WRITER_JNDI="java:/aurora/writer"; READER_JNDI="java:/aurora/reader"
  if [ "$DATASOURCE" != adapter ]; then WRITER_JNDI="java:/aws/writer"; READER_JNDI="java:/aws/reader"; fi
else
  if [ ! -x "$ASADMIN" ]; then
    log "provisioning Payara $PAYARA_VERSION from Maven Central into ear-example/demo-test/target (once)"
    mvn -B -q -f ear-example/demo-test/pom.xml dependency:unpack@unpack-payara
  fi
  PORTS=""
  for d in 9 37 38 39 48 49 59 66 80 81 86; do PORTS="$PORTS $((PAYARA_PORTBASE + d))"; done
  SERVER_NAME="Payara $PAYARA_VERSION"
  WRITER_JNDI="jdbc/aurora/writer"; READER_JNDI="jdbc/aurora/reader"
fi
for p in $PORTS; do
  port_in_use "$p" && fail "port $p is in use; set SOAK_PORT_OFFSET to another offset"
done

# ---- everything below is stopped by cleanup, whatever happens ---------------------------------
RUN="$(mktemp -d "${TMPDIR:-/tmp}/aurora-soak.XXXXXX")"
WF_PID=""
PAYARA_STARTED=0
CLUSTER_UP=0
OK=0
cleanup() {
  local code=$?
  set +e
  if [ -n "$WF_PID" ] && kill -0 "$WF_PID" 2>/dev/null; then
    log "stopping WildFly"
    kill -TERM -- "-$WF_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$WF_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$WF_PID" 2>/dev/null
  fi
  if [ "$PAYARA_STARTED" = 1 ]; then
    log "stopping Payara"
    local pidfile="$RUN/domains/soak/config/pid" pid=""
    [ -f "$pidfile" ] && pid=$(cat "$pidfile")
    timeout 120 "$ASADMIN" stop-domain --domaindir "$RUN/domains" soak >/dev/null 2>&1
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null
    fi
  fi
  if [ "$CLUSTER_UP" = 1 ]; then
    log "stopping the cluster"
    java -jar "$SIM_JAR" down --dir "$RUN/cluster" >/dev/null 2>&1 || log "cluster-sim down failed; see $RUN/cluster/daemon.log"
  fi
  if [ "$OK" = 1 ] && [ "${SOAK_KEEP:-0}" != 1 ]; then
    rm -rf "$RUN"
  else
    log "logs kept in $RUN"
  fi
  log "done in $(( $(date +%s) - START )) s"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "starting a 3-node cluster-sim cluster in Aurora mode"
CLUSTER_UP=1
java -jar "$SIM_JAR" up --dir "$RUN/cluster" --nodes 3 --aurora > "$RUN/cluster-up.json" || fail "cluster-sim up: $(cat "$RUN/cluster-up.json")"
ENDPOINT=$(grep -o '"clusterEndpoint":{[^}]*}' "$RUN/cluster-up.json")
W_HOST=$(sed -E 's/.*"host":"([^"]+)".*/\1/' <<<"$ENDPOINT")
W_PORT=$(sed -E 's/.*"port":([0-9]+).*/\1/' <<<"$ENDPOINT")
HOSTS_FILE=$(grep -o '"hostsFile":"[^"]*"' "$RUN/cluster-up.json" | cut -d'"' -f4)
field() { grep -o "\"$1\":\"[^\"]*\"" "$RUN/cluster-up.json" | head -1 | cut -d'"' -f4; }
log "cluster up: cluster endpoint $W_HOST:$W_PORT"

run_wildfly() {
  cp -r "$WILDFLY_HOME/standalone" "$RUN/standalone"
  rm -rf "$RUN/standalone/data" "$RUN/standalone/log" "$RUN/standalone/tmp" "$RUN/standalone/configuration/standalone_xml_history"
  log "starting $SERVER_NAME (port offset $OFFSET: HTTP $HTTP_PORT, management $MGMT_PORT)"
  JAVA_OPTS="-Xms128m -Xmx512m -XX:MaxMetaspaceSize=384m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true -Djdk.net.hosts.file=$HOSTS_FILE" \
    setsid "$WILDFLY_HOME/bin/standalone.sh" \
      -Djboss.server.base.dir="$RUN/standalone" -Djboss.socket.binding.port-offset="$OFFSET" \
      -b 127.0.0.1 -bmanagement 127.0.0.1 > "$RUN/server.out" 2>&1 &
  WF_PID=$!
  cli() { "$WILDFLY_HOME/bin/jboss-cli.sh" -c --controller="127.0.0.1:$MGMT_PORT" "$@"; }
  server_running() { cli --command=':read-attribute(name=server-state)' | grep -q '"result" => "running"'; }
  await 240 server_running || fail "WildFly did not reach state running in 240 s"
  cat > "$RUN/aurora.properties" <<PROPS
aurora.archive=aurora-jca.rar
aurora.endpoint=$W_HOST
aurora.port=$W_PORT
aurora.database=$(field database)
aurora.user=$(field user)
aurora.password=$(field password)
aurora.dialect=aurora-mysql
aurora.plugins=failover,host_monitoring_v2
aurora.reader-strategy=round_robin
PROPS
  # The sample's script, plus the detection settings on both definitions, then the rar and the WAR.
  local extra=""
  for def in writer reader; do
    for kv in $DETECTION; do
      extra="$extra/subsystem=resource-adapters/resource-adapter=aurora/connection-definitions=$def/config-properties=${kv%%=*}:add(value=${kv#*=})\n"
    done
  done
  if [ "$DATASOURCE" = adapter ]; then
    { sed '/^run-batch/d' "$CLI_SCRIPT"; printf "$extra"; echo run-batch
      echo "deploy $RAR --name=aurora-jca.rar"; echo "deploy $WAR --name=soak.war"; } > "$RUN/soak.cli"
    log "configuring resource adapter aurora (configure-aurora.cli + $DETECTION), deploying aurora-jca.rar and soak.war"
  else
    # The hand-wired setup README.md's migration section starts from: the AWS wrapper as a JDBC
    # driver, a writer datasource on the cluster endpoint and a reader datasource on the reader
    # endpoint, same pool size and detection settings as the adapter gets.
    local r_host r_port q sorter=""
    r_host=$(grep -o '"readerEndpoint":{[^}]*}' "$RUN/cluster-up.json" | sed -E 's/.*"host":"([^"]+)".*/\1/')
    r_port=$(grep -o '"readerEndpoint":{[^}]*}' "$RUN/cluster-up.json" | sed -E 's/.*"port":([0-9]+).*/\1/')
    q="wrapperPlugins=initialConnection,failover2,efm2\&wrapperDialect=aurora-mysql\&failureDetectionTime=1000\&failureDetectionInterval=1000\&failureDetectionCount=2\&connectTimeout=3000\&sslMode=DISABLED"
    [ "$DATASOURCE" = aws-wrapper-sorter ] && sorter=" --exception-sorter-class-name=org.jboss.jca.adapters.jdbc.extensions.mysql.MySQLExceptionSorter"
    { echo "deploy $AWS_DRIVER --name=aws-wrapper-driver.jar"
      echo "data-source add --name=AwsWriter --jndi-name=java:/aws/writer --driver-name=aws-wrapper-driver.jar --connection-url=\"jdbc:aws-wrapper:mysql://$W_HOST:$W_PORT/$(field database)?$q\" --user-name=$(field user) --password=$(field password) --min-pool-size=0 --max-pool-size=20$sorter"
      echo "data-source add --name=AwsReader --jndi-name=java:/aws/reader --driver-name=aws-wrapper-driver.jar --connection-url=\"jdbc:aws-wrapper:mysql://$r_host:$r_port/$(field database)?$q\\&failoverMode=reader-or-writer\" --user-name=$(field user) --password=$(field password) --min-pool-size=0 --max-pool-size=20$sorter"
      echo "deploy $WAR --name=soak.war"; } | sed 's/\\&/\&/g' > "$RUN/soak.cli"
    log "deploying the AWS JDBC wrapper 4.3.0 as a driver, datasources java:/aws/writer and java:/aws/reader (${sorter:+MySQLExceptionSorter, }no adapter), soak.war"
  fi
  cli --properties="$RUN/aurora.properties" --resolve-parameter-values --file="$RUN/soak.cli" > "$RUN/cli.out" 2>&1 \
    || { cat "$RUN/cli.out"; fail "jboss-cli"; }
}

run_payara() {
  local target="$ROOT/ear-example/demo-test/target"
  local template="$target/payara-soak-domain-$PAYARA_PORTBASE"
  if [ ! -f "$template/soak/config/domain.xml" ]; then
    log "creating a Payara domain template (asadmin create-domain --portbase $PAYARA_PORTBASE --nopassword; once)"
    local fresh
    mkdir -p "$target"
    fresh="$(mktemp -d "$target/payara-soak-domain.XXXXXX")"
    timeout 600 "$ASADMIN" --user admin --interactive=false create-domain --domaindir "$fresh" \
        --portbase "$PAYARA_PORTBASE" --nopassword=true soak > "$RUN/create-domain.out" 2>&1 \
      || { cat "$RUN/create-domain.out"; rm -rf "$fresh"; fail "asadmin create-domain"; }
    rm -rf "$template"; mv "$fresh" "$template" 2>/dev/null || rm -rf "$fresh"
  fi
  mkdir -p "$RUN/domains" && cp -r "$template/soak" "$RUN/domains/soak"
  sed -i "0,/<\/java-config>/s|</java-config>|<jvm-options>-Djdk.net.hosts.file=$HOSTS_FILE</jvm-options></java-config>|" \
    "$RUN/domains/soak/config/domain.xml"
  log "starting $SERVER_NAME (port base $PAYARA_PORTBASE: HTTP $HTTP_PORT, admin $ADMIN_PORT)"
  PAYARA_STARTED=1
  timeout 600 "$ASADMIN" start-domain --domaindir "$RUN/domains" soak > "$RUN/start-domain.out" 2>&1 \
    || { cat "$RUN/start-domain.out"; fail "asadmin start-domain"; }
  asadmin() { timeout 600 "$ASADMIN" --host 127.0.0.1 --port "$ADMIN_PORT" --interactive=false "$@"; }
  log "deploying aurora-jca.rar, creating the writer and reader pools (configure-aurora.asadmin's commands + $DETECTION), deploying soak.war"
  asadmin deploy --type rar --name aurora-jca "$RAR" > "$RUN/deploy.out" 2>&1 || { cat "$RUN/deploy.out"; fail "asadmin deploy rar"; }
  local props="ClusterEndpoint=$W_HOST:Port=$W_PORT:Database=$(field database):User=$(field user):Password=$(field password):Dialect=aurora-mysql:Plugins=failover,host_monitoring_v2"
  props="$props:$(tr ' ' ':' <<<"$DETECTION")"
  asadmin create-connector-connection-pool --raname aurora-jca --connectiondefinition javax.sql.DataSource \
      --transactionsupport LocalTransaction --steadypoolsize 0 --maxpoolsize 20 --isconnectvalidatereq true --failconnection false \
      --property "$props" aurora-writer-pool >> "$RUN/deploy.out" 2>&1 || { cat "$RUN/deploy.out"; fail "asadmin create pool"; }
  asadmin create-connector-resource --poolname aurora-writer-pool jdbc/aurora/writer >> "$RUN/deploy.out" 2>&1 || fail "asadmin create resource"
  asadmin create-connector-connection-pool --raname aurora-jca --connectiondefinition javax.sql.DataSource \
      --transactionsupport LocalTransaction --steadypoolsize 0 --maxpoolsize 20 --isconnectvalidatereq true --failconnection false \
      --property "$props:ReadOnly=true:ReaderHostSelectorStrategy=round_robin" aurora-reader-pool >> "$RUN/deploy.out" 2>&1 || { cat "$RUN/deploy.out"; fail "asadmin create pool"; }
  asadmin create-connector-resource --poolname aurora-reader-pool jdbc/aurora/reader >> "$RUN/deploy.out" 2>&1 || fail "asadmin create resource"
  asadmin deploy --name soak --contextroot soak "$WAR" >> "$RUN/deploy.out" 2>&1 || { cat "$RUN/deploy.out"; fail "asadmin deploy soak.war"; }
}

if [ "$SERVER" = wildfly ]; then run_wildfly; else run_payara; fi
API="http://127.0.0.1:$HTTP_PORT/soak/api"
app_up() { curl -s -o /dev/null -w '%{http_code}' "$API/none" | grep -q 404; }
await 120 app_up || fail "the soak WAR did not answer at $API"
log "soak WAR up at $API; $MINUTES minutes of load and faults, results in $OUT"

SETTINGS="aurora-jca: Plugins=failover,host_monitoring_v2 $DETECTION, max pool 20 per factory, configured like ear-example/server"
[ "$DATASOURCE" = adapter ] || SETTINGS="no adapter: WildFly datasources on the AWS JDBC wrapper 4.3.0, wrapperPlugins=initialConnection,failover2,efm2, wrapperDialect=aurora-mysql, failureDetectionTime=1000, failureDetectionInterval=1000, failureDetectionCount=2, connectTimeout=3000, max pool 20 each, exception sorter: $([ "$DATASOURCE" = aws-wrapper-sorter ] && echo MySQLExceptionSorter || echo none)"
set +e
java -cp "$SIM_JAR:$CLASSES" dev.aurorajca.soak.report.SoakRunner \
  --base "$API" --sim-jar "$SIM_JAR" --cluster-dir "$RUN/cluster" --minutes "$MINUTES" --out "$OUT" \
  --faults "$FAULTS" --datasource "$DATASOURCE" \
  --server "$SERVER_NAME" --writer-jndi "$WRITER_JNDI" --reader-jndi "$READER_JNDI" --pool-max 20 \
  --settings "$SETTINGS" \
  --machine "$(nproc) cores, load average at the start $(cut -d' ' -f1-3 /proc/loadavg)"
CODE=$?
set -e
[ "$CODE" = 0 ] && OK=1
[ "$CODE" = 0 ] || log "checks failed (summary in $OUT/summary.json)"
exit "$CODE"
