#!/usr/bin/env bash
# In-server throughput: the adapter's writer factory vs a native server datasource on plain
# mysql-connector-j, read and write loops in alternating rounds, on a managed WildFly or Payara
# started exactly as the in-server tests start it (Arquillian, the module's arquillian.xml, the
# module's AppServer configuration). Raw JSON goes to benchmarks/results/.
#
#   benchmarks/inserver-throughput.sh wildfly|payara [extra mvn args]
#
# With SIM_DATA_DIR=<empty directory> the cluster-sim nodes keep their data there (left in place afterwards; e.g. a directory
# on a tmpfs such as /dev/shm): commits then cost no disk flush, whose swings otherwise make the
# write comparison unresolvable on a shared disk. The JSON records it ("simDataDir").
#
# With APPSERVER_LOCK=<file> set, the run holds `flock <file>` (machines where several builds share the ports).
set -euo pipefail
usage() { echo "usage: $0 wildfly|payara [extra mvn args]" >&2; exit 2; }
[ $# -ge 1 ] || usage
server=$1
case "$server" in
  wildfly) module=arquillian-tests ;;
  payara) module=arquillian-tests-payara ;;
  *) usage ;;
esac
shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cmd=(mvn -B -pl "$module" -am verify -Dtest=ThroughputBench -Dsurefire.failIfNoSpecifiedTests=false
     "-Daurora.bench.results=$root/benchmarks/results"
     "-Daurora.bench.command=${SIM_DATA_DIR:+SIM_DATA_DIR=$SIM_DATA_DIR }benchmarks/inserver-throughput.sh $server" "$@")
if [ -n "${SIM_DATA_DIR:-}" ]; then
  mkdir -p "$SIM_DATA_DIR"
  cmd+=("-Daurora.sim.dataDir=$SIM_DATA_DIR")
fi
if [ -n "${APPSERVER_LOCK:-}" ]; then
  exec flock "$APPSERVER_LOCK" "${cmd[@]}"
fi
exec "${cmd[@]}"
