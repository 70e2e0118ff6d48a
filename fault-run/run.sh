#!/usr/bin/env bash
# The full fault-injection run (docs/reliability.md): Kafka, PostgreSQL and each service as its own process on free
# ports, 10,000 operations through the ingest API while render-service, query-service, and Kafka with PostgreSQL are
# killed with -9 and restarted, then the truth check of every surface. Prints the figures and `N passed, M failed`;
# exits non-zero when a check failed.
#
#   fault-run/run.sh                          10,000 operations over 2,000 slugs
#   OPERATIONS=300 SLUGS=60 fault-run/run.sh  the size of the integration test
#
# Settings (environment): OPERATIONS (10000), SLUGS (OPERATIONS/5), CLIENTS (editors sending at once, 16),
# RATE (operations per second, 40), SEED (13), SKIP_BUILD=1 (use the jars already built),
# WORK (data and logs of the run, .fault-run/; each process's log in WORK/logs).
set -euo pipefail
cd "$(dirname "$0")/.."
OPERATIONS=${OPERATIONS:-10000}
SLUGS=${SLUGS:-$((OPERATIONS / 5))}
WORK=${WORK:-$PWD/.fault-run}
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    ./mvnw -q -B -DskipTests -pl ingest-service,render-service,query-service,dev-stack,fault-run -am package
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; commit $(git rev-parse --short HEAD 2> /dev/null || echo n/a)"
status=0
java -Xmx512m -cp "fault-run/target/fault-run.jar:fault-run/target/lib/*" \
    -Dfault-run.root="$PWD" -Dfault-run.work="$WORK" -Dfault-run.operations="$OPERATIONS" -Dfault-run.slugs="$SLUGS" \
    -Dfault-run.clients="${CLIENTS:-16}" -Dfault-run.rate="${RATE:-40}" -Dfault-run.seed="${SEED:-13}" \
    io.zerone.insights.faultrun.FaultRun || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
