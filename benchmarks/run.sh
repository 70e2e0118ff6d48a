#!/usr/bin/env bash
# End-to-end figures for the Insights pipeline; see docs/benchmarks.md.
#
#   benchmarks/run.sh                 quick: 20,000 insights, 30 s steady run, 10 s wrk runs (~15-20 min once the
#                                     pipeline loads >= 1,500/s; longer while it does not)
#   MODE=full benchmarks/run.sh       full: 10,000 then 1,000,000 insights through the pipeline, rebuild at 1,000,000
#
# Builds, starts Kafka and PostgreSQL (the dev stack's jar with --infra-only --fresh, data in $WORK/stack), starts
# ingest-, render- and query-service as separate JVMs, measures, then (phase "stack") the one-JVM dev stack
# (./run-stack --fresh, data in $WORK/stack-one-jvm); prints one table with the 1-minute load average beside every
# figure and stops everything, also on failure or Ctrl-C. Installs wrk and nginx-light with apt-get when missing (root).
#
# Settings (environment):
#   MODE=quick|full          sets the defaults below
#   PHASES                   what to measure              "anchors reads scale publish ramp cached rebuild stack"
#                              scale: the reads of issue 9 at each size with their anchors (lib/scale.sh); for its
#                              comparison of sizes: MODE=full SCALE_COUNTS="10000 1000000" PHASES=scale
#                              (the bulk load to each of SCALE_COUNTS always runs: it fills the store)
#   SCALE_COUNTS             store sizes, ascending; the first load is the bulk figure; reads at each
#                                                         quick "20000"   full "10000 1000000"
#   BULK_PATH=pipeline|clone how stores beyond the first scale fill: pipeline (BulkLoad to insight-events, rendered
#                            and projected by the services) or clone (copies of the projected rows, straight in
#                            PostgreSQL: read figures only; the rebuild then replays what the topic holds)
#   INGEST_COUNT             requests of the ingest max-rate figure     quick 3000      full 50000
#   INGEST_WARMUP            unmeasured requests before it              1000
#   INGEST_CONCURRENCY       requests in flight, closed-loop publish runs (ingest max, max readable)   64
#   OPEN_LOOP_CONCURRENCY    cap of requests in flight of the open-loop runs (steady, ramp, background) 256
#   WARMUP_S, WARMUP_RATE    unmeasured publishing before the first publish figure (JIT warm-up)  180 s at 100/s
#   RATE, DURATION           the steady publish-to-readable run         200/s; quick 30 s, full 60 s
#   RAMP_RATES, RAMP_STEP_S  the ramp's rates and seconds per rate      "25 50 100 150 200 400 ... 2000", 20
#                            (from 25/s: on 2 cores 200/s already misses, and the ramp stops at its first miss)
#   RAMP_P99_MS                                                          250
#   MAX_READABLE_COUNT       requests of the max-rate publish-to-readable run   quick 2000   full 20000
#   WRK_DURATION             seconds per wrk run (and pgbench -T)       quick 10        full 30
#   WRK_THREADS, WRK_CONNECTIONS                                         2, 32
#   READ_WARMUP_MAX_S        the longest unmeasured load before a read figure of the scale phase, which otherwise
#                            ends when two 10 s wrk runs in a row are not 5 % above the best before them   quick 120  full 180
#   SERVICE_JAVA_OPTS        JVM options of each service                 "-Xmx128m -Xss512k -XX:+UseSerialGC
#                                                                         -XX:+ExitOnOutOfMemoryError"
#   MALLOC_ARENA_MAX         glibc arenas of every JVM the script starts 2
#   INGEST_JAVA_OPTS, RENDER_JAVA_OPTS, QUERY_JAVA_OPTS, REBUILD_JAVA_OPTS   per JVM; default SERVICE_JAVA_OPTS, but
#                            query and rebuild -Xmx256m: at -Xmx128m query-service died of OutOfMemoryError under load
#   STACK_JAVA_OPTS          added to ./run-stack's own JVM flags for the one-JVM stack     ""
#   STACK_COUNT              bulk count in the one-JVM stack           quick 20000     full 100000
#   REBUILD=auto|command|replay   the rebuild command when the query-service jar has it (auto), or force one
#   REBUILD_TIMEOUT_S        the rebuild command is stopped (and fails) after this          1800
#   KAFKA_PERF_RECORDS       records of the producer anchor             quick 300000    full 1000000
#   INGEST_RATE_LIMIT        the dev client's requests/s and burst in ingest (its default: 20/s, burst 40)   100000
#   NGINX_PORT               the nginx anchor's port                     18080
#   PROFILE=1                JFR in every service JVM; top frames in $WORK/<name>-*.top.txt at the end
#   PROFILE=async            async-profiler (CPU, Java and native frames) in each service JVM during every measured
#                            publish run; $WORK/<name>-<run>.collapsed and .top.txt
#   PG_STATEMENTS=1          pg_stat_statements in PostgreSQL: its statements by total time after each bulk load, in $WORK/pg-statements-bulk-*.txt
#   SKIP_BUILD=1             use the jars already built
#   KEEP_STORE=1             start Kafka and PostgreSQL on the store already in $WORK/stack (no --fresh) and load
#                            only what SCALE_COUNTS still lacks: e.g. the reads at 1,000,000 again without the
#                            ~22 minutes of loading (WORK=.bench-1m SCALE_COUNTS=1000000 PHASES=scale); the first
#                            size measured is then the one kept, so the 1.2x comparison needs a run that loads both,
#                            or SCALE_BASELINE
#   SCALE_BASELINE           another run's $WORK/scale-first.tsv: this run's p99s are compared with that run's first
#                            size (a 10,000 store's run, then the kept 1,000,000 store's, back to back)
#   WORK                     logs, URL lists and the stores              .bench/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MODE=${MODE:-quick}
if [[ $MODE == full ]]; then
    SCALE_COUNTS=${SCALE_COUNTS:-"10000 1000000"}
    INGEST_COUNT=${INGEST_COUNT:-50000}
    DURATION=${DURATION:-60}
    MAX_READABLE_COUNT=${MAX_READABLE_COUNT:-20000}
    WRK_DURATION=${WRK_DURATION:-30}
    READ_WARMUP_MAX_S=${READ_WARMUP_MAX_S:-180}
    STACK_COUNT=${STACK_COUNT:-100000}
    KAFKA_PERF_RECORDS=${KAFKA_PERF_RECORDS:-1000000}
    MIN_FREE_GB=${MIN_FREE_GB:-45}
else
    SCALE_COUNTS=${SCALE_COUNTS:-"20000"}
    INGEST_COUNT=${INGEST_COUNT:-3000}
    DURATION=${DURATION:-30}
    MAX_READABLE_COUNT=${MAX_READABLE_COUNT:-2000}
    WRK_DURATION=${WRK_DURATION:-10}
    READ_WARMUP_MAX_S=${READ_WARMUP_MAX_S:-120}
    STACK_COUNT=${STACK_COUNT:-20000}
    KAFKA_PERF_RECORDS=${KAFKA_PERF_RECORDS:-300000}
    MIN_FREE_GB=${MIN_FREE_GB:-5}
fi
PHASES=" ${PHASES:-anchors reads scale publish ramp cached rebuild stack} "
INGEST_CONCURRENCY=${INGEST_CONCURRENCY:-64}
INGEST_WARMUP=${INGEST_WARMUP:-1000}
RATE=${RATE:-200}
RAMP_RATES=${RAMP_RATES:-"25 50 100 150 200 400 600 800 1000 1200 1600 2000"}
WARMUP_S=${WARMUP_S:-180}
WARMUP_RATE=${WARMUP_RATE:-100}
RAMP_STEP_S=${RAMP_STEP_S:-20}
RAMP_P99_MS=${RAMP_P99_MS:-250}
# high enough that a slow 202 does not lower the offered rate of an open loop (the achieved rate is in each note)
OPEN_LOOP_CONCURRENCY=${OPEN_LOOP_CONCURRENCY:-256}
WRK_THREADS=${WRK_THREADS:-2}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}
BULK_PATH=${BULK_PATH:-pipeline}
# The 256 MB aim per service: a service JVM holds ~100-200 MB outside its heap (query-service after reads: metaspace
# 65, code 37, symbols 15, CDS 12, class space 11, ~45 untracked), and SerialGC commits the whole -Xmx once the heap
# has grown, so 128 MB of heap (-Xmx160m peaked at 238-345 MB on main; see docs/benchmarks.md). SerialGC,
# as ./run-stack uses, has the least footprint (no G1 remembered sets or concurrent threads) and short young pauses
# on a heap this size; MALLOC_ARENA_MAX=2 stops glibc from growing an arena per thread.
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-"-Xmx128m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
INGEST_JAVA_OPTS=${INGEST_JAVA_OPTS:-$SERVICE_JAVA_OPTS}
RENDER_JAVA_OPTS=${RENDER_JAVA_OPTS:-$SERVICE_JAVA_OPTS}
QUERY_JAVA_OPTS=${QUERY_JAVA_OPTS:-"-Xmx256m -Xss512k -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError"}
REBUILD_JAVA_OPTS=${REBUILD_JAVA_OPTS:-$QUERY_JAVA_OPTS}
STACK_JAVA_OPTS=${STACK_JAVA_OPTS:-}
# ./run-stack's own JVM flags, so that the stack measured is the one it starts
STACK_JVM_FLAGS=${STACK_JVM_FLAGS:-$(sed -n 's/^exec java \(.*\) -jar .*/\1/p' run-stack)}
# Ingest limits each client to 20 requests/s with a burst of 40 (issue 13); the benchmark measures the pipeline, so
# its client gets INGEST_RATE_LIMIT. A list bound from environment variables replaces the whole list in Spring Boot,
# so the dev client is declared again in full, its key's hash from ingest's own properties.
INGEST_RATE_LIMIT=${INGEST_RATE_LIMIT:-100000}
export INSIGHTS_INGEST_CLIENTS_0_ID=dev-editor
export INSIGHTS_INGEST_CLIENTS_0_KEYSHA256=${INSIGHTS_INGEST_CLIENTS_0_KEYSHA256:-$(sed -n 's/^insights\.ingest\.clients\[0\]\.key-sha256=//p' ingest-service/src/main/resources/ingest-service.properties)}
export INSIGHTS_INGEST_CLIENTS_0_RATELIMIT_REQUESTSPERSECOND=$INGEST_RATE_LIMIT
export INSIGHTS_INGEST_CLIENTS_0_RATELIMIT_BURST=$INGEST_RATE_LIMIT
REBUILD=${REBUILD:-auto}
REBUILD_TIMEOUT_S=${REBUILD_TIMEOUT_S:-1800}
NGINX_PORT=${NGINX_PORT:-18080}
PROFILE=${PROFILE:-0}
KEEP_STORE=${KEEP_STORE:-0}
CATCHUP_TIMEOUT_S=${CATCHUP_TIMEOUT_S:-1800}
WORK=${WORK:-$ROOT/.bench}
QUERY_URL=http://localhost:8080
INGEST_URL=http://localhost:8081
SERVICES=(ingest render query)
declare -A PORTS=([ingest]=8081 [render]=8082 [query]=8080)
# the actuator's own ports, as docker-compose sets them (INSIGHTS_MANAGEMENT_PORT); render-service's port is its actuator
declare -A MANAGEMENT_PORTS=([ingest]=8091 [query]=8090)

mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS=$WORK/results.tsv
: > "$RESULTS"
: > "$WORK/bench.log"
rm -f "$WORK/missed.txt" "$WORK"/*.rss-peak "$WORK"/*.rss-phase "$WORK/phase.load-max" "$WORK"/*.jfr "$WORK"/*.collapsed "$WORK"/*.top.txt "$WORK/scale-first.tsv"
# a kept store's run compares its reads with another run's first size (SCALE_BASELINE: that run's scale-first.tsv)
[[ -n ${SCALE_BASELINE:-} ]] && cp "$SCALE_BASELINE" "$WORK/scale-first.tsv"

for part in common processes warmup measure anchors scale rebuild; do
    # shellcheck source=/dev/null
    source "$ROOT/benchmarks/lib/$part.sh"
done

phase() { [[ $PHASES == *" $1 "* ]]; }

preflight() {
    local free
    ports_free 8080 8081 8082 8090 8091 9092 9093 15432 \
        || die "a port of 8080-8082, 8090, 8091, 9092, 9093, 15432 is in use: stop the stack that holds it (./run-stack, another benchmark) first"
    free=$(df -BG --output=avail "$WORK" | tail -1 | tr -dc '0-9')
    ((free >= MIN_FREE_GB)) || die "$free GB free on $WORK, want $MIN_FREE_GB (MIN_FREE_GB): 1,000,000 insights take ~40 GB at the peak of the rebuild"
    log "$free GB free on $WORK; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    command -v wrk > /dev/null || install_package wrk || die "wrk is missing: apt-get install -y wrk"
    if [[ ${SKIP_BUILD:-0} != 1 ]]; then
        log "building"
        ./mvnw -q -B -DskipTests -pl ingest-service,render-service,query-service,dev-stack,benchmarks -am package
    fi
}

# the separate JVMs: every figure of the store's sizes, the anchors, publishing, the cached pages and the rebuild
separate_jvms() {
    local scale first=1 have need section
    start_infra
    start_services
    EXPECTED=$(projected)
    LOADED=0 # bulk-loaded insights so far; their indexes make their slugs
    [[ $KEEP_STORE == 1 ]] && LOADED=$(projected) # a kept store was bulk-loaded from index 0
    for scale in $SCALE_COUNTS; do
        have=$(projected)
        need=$((scale - have))
        section="separate JVMs at $(count "$scale")"
        if ((need > 0)) && [[ $BULK_PATH == clone && $first == 0 ]]; then
            log "clone path: copying projected rows to reach $scale"
            out=$(bench Projections clone --count="$scale")
            record "$section" "clone path to $(count "$scale") insights (copies in PostgreSQL, read figures only)" \
                "$(result clone_s "$out") s" "secondary indexes dropped, rows copied, indexes rebuilt, vacuum analyze"
        elif ((need > 0)); then
            bulk_load "$section: bulk load (BulkLoad to insight-events, render, project)" "$need" "$LOADED" "${SERVICES[@]}"
            LOADED=$((LOADED + need))
            sizes "$section" "after the load" "$WORK/stack"
        fi
        EXPECTED=$(projected)
        url_lists
        if phase reads; then
            log "reads at $scale insights"
            reads "$section: reads"
        fi
        phase scale && scale_reads "$section: reads of issue 9"
        if ((first)); then
            phase idle && idle_cpu "$section: idle"
            phase anchors && anchors "anchors (same run, same machine)"
            if phase publish || phase ramp || phase cached; then
                warm_up "$section: publishing"
            fi
            if phase publish; then
                catch_up
                ingest_max "$section: publishing"
                catch_up
                steady "$section: publishing" steady "$RATE" "$DURATION"
                catch_up
                max_readable "$section: publishing"
            fi
            phase ramp && ramp "$section: publish ramp"
            phase cached && cached_under_load "$section: cached pages, idle and while $RATE publishes/s flow"
            phase rebuild && [[ $BULK_PATH == clone ]] && rebuild "$section: rebuild"
        fi
        first=0
    done
    # the clone path's copies are not on the topic: then the rebuild ran before them, at the pipeline's size
    if phase rebuild && [[ $BULK_PATH != clone ]]; then
        rebuild "separate JVMs at $(count "$(projected)"): rebuild"
        sizes "separate JVMs: rebuild" "after the rebuild" "$WORK/stack"
    fi
    for name in "${SERVICES[@]}"; do
        record "separate JVMs: memory" "$name-service peak RSS over the run (MB)" "$(cat "$WORK/$name.rss-peak" 2> /dev/null || echo n/a)" \
            "$(java_opts "$name")"
    done
    stop_services
    stop_named infra 90
}

# the one-JVM dev stack: Kafka, PostgreSQL and the three services in one JVM, as ./run-stack --fresh starts them
one_jvm_stack() {
    local section="one JVM (./run-stack --fresh): Kafka, PostgreSQL, three services"
    start_stack
    bulk_load "$section: bulk load" "$STACK_COUNT" 0 stack
    EXPECTED=$(projected)
    phase publish && steady "$section: publishing" stacksteady "$RATE" "$DURATION"
    record "$section: memory" "the JVM's peak RSS (MB)" "$(cat "$WORK/stack.rss-peak" 2> /dev/null || echo n/a)" \
        "$STACK_JVM_FLAGS ${STACK_JAVA_OPTS:-(no -Xmx)}; PostgreSQL's processes not included"
    stop_named stack 90
}

profiles() { # after the JVMs exited (JFR writes at exit): the top frames of each recording
    local file
    for file in "$WORK"/*.jfr; do
        [[ -f $file ]] || continue
        bench JfrTop --file="$file" --top=25 > "${file%.jfr}.top.txt" 2> /dev/null || true
    done
    for file in "$WORK"/*.collapsed; do
        [[ -f $file ]] || continue
        bench CollapsedTop --file="$file" --top=30 > "${file%.collapsed}.top.txt" 2> /dev/null || true
    done
}

table() {
    local file=$1
    {
        echo
        echo "Insights benchmarks ($MODE) on $(nproc) cores, $(date -u +'%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2> /dev/null || echo n/a); load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
        printf '%-62s | %-58s | %-44s | %-16s | %s\n' "section" "figure" "value" "load 1-min" "note"
        printf '%.0s-' {1..200}
        echo
        awk -F'\t' '{ printf "%-62s | %-58s | %-44s | %-16s | %s\n", $1, $2, $3, $4, $5 }' "$RESULTS"
        echo
        if [[ -s $WORK/missed.txt ]]; then
            echo "Goals missed: $(awk '!seen[$0]++' "$WORK/missed.txt" | paste -sd ';' | sed 's/;/; /g')."
            if [[ $PROFILE != 0 ]]; then
                echo "Where the CPU went: $WORK/*.top.txt (JFR execution samples, or async-profiler's collapsed stacks)."
            else
                echo "To see where the time goes: run again with PROFILE=async (publish runs: async-profiler in each service"
                echo "during the measured part) or PROFILE=1 (JFR over the whole run), PHASES= the phase concerned;"
                echo "$WORK/<name>-*.top.txt lists the top frames."
            fi
        fi
    } | tee "$file"
    # the same rows as a Markdown table, for docs/benchmarks.md
    {
        echo "| Section | Figure | Value | Load (1 min) | Note |"
        echo "|---|---|---|---|---|"
        awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5 }' "$RESULTS"
    } > "$WORK/table.md"
}

main() {
    log "mode $MODE: scales $SCALE_COUNTS; phases$PHASES; work dir $WORK"
    preflight
    sample &
    echo $! > "$WORK/sampler.pid"
    separate_jvms
    phase stack && one_jvm_stack
    [[ $PROFILE != 0 ]] && profiles
    table "$WORK/table.txt"
}

trap cleanup EXIT
trap 'exit 130' INT TERM
main &
MAIN_PID=$!
wait "$MAIN_PID"
