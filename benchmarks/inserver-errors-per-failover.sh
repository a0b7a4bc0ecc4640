#!/usr/bin/env bash
# Errors per failover in WildFly: the same in-server load (the soak WAR: JTA write transactions,
# reads, long queries, no retries) through a writer crash every 50 s (each followed by the
# ex-writer's restart), once per datasource:
#   adapter             aurora-jca's writer and reader factories (configure-aurora.cli + fast detection)
#   aws-wrapper         WildFly datasources on the AWS JDBC wrapper 4.3.0 driver, no exception sorter
#   aws-wrapper-sorter  the same with WildFly's MySQLExceptionSorter
# Each run is `./soak.sh --faults failover --datasource X` (see benchmarks/soak/README.md); its
# summary.json (errorsBySqlState, faults with pauseMs, missingWrites, ...) and index.html go to
# benchmarks/results/errors-per-failover-<datasource>-<UTC time>/.
#
#   benchmarks/inserver-errors-per-failover.sh [minutes per run, default 3]
#
# With APPSERVER_LOCK=<file> set, each run holds `flock <file>` (machines where several builds share the ports).
set -uo pipefail
minutes=${1:-3}
case "$minutes" in ''|*[!0-9]*) echo "usage: $0 [minutes per run, at least 2]" >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
status=0
for ds in aws-wrapper aws-wrapper-sorter adapter; do
  out="benchmarks/results/errors-per-failover-$ds-$(date -u +%Y%m%dT%H%M%SZ)"
  cmd=(./soak.sh --minutes "$minutes" --faults failover --datasource "$ds" --out "$out")
  echo "== ${cmd[*]}"
  if [ -n "${APPSERVER_LOCK:-}" ]; then flock "$APPSERVER_LOCK" "${cmd[@]}"; else "${cmd[@]}"; fi
  code=$?
  # exit 1 = some soak check failed: a finding for this datasource, not a failure of the benchmark
  [ "$code" -le 1 ] || status=$code
  rm -f "$out/timeline.svg"
done
exit "$status"
