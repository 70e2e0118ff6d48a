# Sourced by run.sh: starting and stopping Kafka + PostgreSQL, the service JVMs, the one-JVM stack, and the cleanup.

exec_jar() { ls "$ROOT/$1/target/$1-"*-exec.jar 2> /dev/null | head -1; }

java_opts() {
    case $1 in
        ingest) echo "$INGEST_JAVA_OPTS" ;;
        render) echo "$RENDER_JAVA_OPTS" ;;
        query) echo "$QUERY_JAVA_OPTS" ;;
        rebuild) echo "$REBUILD_JAVA_OPTS" ;;
        stack) echo "$STACK_JAVA_OPTS" ;;
    esac
}

# PROFILE=async: async-profiler attached to each running service JVM for the measured part of every publish run
# (publish_measured); collapsed stacks in $WORK/<name>-<label>.collapsed, summarised into .top.txt at the end
profile_services() { # start|stop, label
    local name pid
    [[ $PROFILE == async ]] || return 0
    for name in ingest render query infra stack; do
        pid=$(cat "$WORK/$name.pid" 2> /dev/null) || continue
        kill -0 "$pid" 2> /dev/null || continue
        bench AsyncProfile --pid="$pid" --action="$1" --library="$WORK/libasyncProfiler.so" \
            --file="$WORK/$name-$2.collapsed" > /dev/null 2>&1 || log "async-profiler: $1 in $name failed"
    done
}

# PROFILE=1: every measured JVM records JFR (sampling every 10-20 ms) until it exits; a restarted JVM gets a new file
profile_opts() {
    [[ $PROFILE == 1 ]] && echo "-XX:StartFlightRecording=filename=$WORK/$1-$(date +%H%M%S).jfr,settings=profile,dumponexit=true"
    return 0
}

stop_pid() { # pid, seconds to wait before SIGKILL
    local pid=$1 wait_s=$2
    [[ -n $pid ]] && kill -0 "$pid" 2> /dev/null || return 0
    kill -TERM "$pid" 2> /dev/null || true
    for ((i = 0; i < wait_s * 10; i++)); do
        kill -0 "$pid" 2> /dev/null || return 0
        sleep 0.1
    done
    log "process $pid did not stop in ${wait_s}s; killing it"
    kill -KILL "$pid" 2> /dev/null || true
}

stop_named() { # name, seconds: the process whose pid is in $WORK/<name>.pid
    stop_pid "$(cat "$WORK/$1.pid" 2> /dev/null || true)" "$2"
    rm -f "$WORK/$1.pid"
}

descendants() { # every process started under a pid, children first
    local child
    for child in $(ps -o pid= --ppid "$1" 2> /dev/null); do
        descendants "$child"
        echo "$child"
    done
}

ports_free() {
    local port
    for port in "$@"; do
        (: < "/dev/tcp/localhost/$port") 2> /dev/null && return 1
    done
    return 0
}

# Kafka and PostgreSQL from the dev stack's jar (what ./run-stack runs, without its Maven build), data in $WORK/stack
start_infra() {
    local fresh=--fresh
    [[ $KEEP_STORE == 1 ]] && fresh=""
    log "starting Kafka and PostgreSQL (dev-stack --infra-only $fresh, data in $WORK/stack)"
    wait_for "free Kafka and PostgreSQL ports" 60 ports_free 9092 9093 15432
    : > "$WORK/infra.log"
    # shellcheck disable=SC2086
    java $STACK_JVM_FLAGS $(pg_statements_opts) -Dinsights.dev-stack.dir="$WORK/stack" -jar "$(exec_jar dev-stack)" \
        --infra-only $fresh > "$WORK/infra.log" 2>&1 &
    echo $! > "$WORK/infra.pid"
    wait_for "Kafka and PostgreSQL" 300 started "$WORK/infra.log" "are up" infra
    pg_statements_create
}

started() { # log, line, name: the line is in the log; dies when the process has gone
    kill -0 "$(cat "$WORK/$3.pid")" || die "$3 exited; see $1"
    grep -q "$2" "$1"
}

start_service() {
    local name=$1 jar
    jar=$(exec_jar "$name-service")
    [[ -n $jar ]] || die "no $name-service exec jar (is $name-service on this branch and built?)"
    # shellcheck disable=SC2046,SC2086
    INSIGHTS_MANAGEMENT_PORT=${MANAGEMENT_PORTS[$name]:-} \
        java $(java_opts "$name") $(profile_opts "$name") -jar "$jar" >> "$WORK/$name.log" 2>&1 &
    echo $! > "$WORK/$name.pid"
    wait_for "$name-service" 180 service_ready "$name" $!
    log "$name-service up (pid $(cat "$WORK/$name.pid"), $(java_opts "$name"))"
}

service_ready() { # name, pid: ready, and the ports are this pid's (another engineer's service could hold them)
    local port=${PORTS[$1]} management=${MANAGEMENT_PORTS[$1]:-${PORTS[$1]}}
    kill -0 "$2" || die "$1-service exited; see $WORK/$1.log"
    ss -ltnpH "sport = :$port" | grep -q "pid=$2," || return 1
    # not (yet) listening on the actuator's port: a jar from before INSIGHTS_MANAGEMENT_PORT (query-service before
    # 2026-11-28) serves its actuator on its own port; a newer one answers 404 there until its actuator's port is up
    ss -ltnpH "sport = :$management" | grep -q "pid=$2," || management=$port
    curl -sf "http://localhost:$management/actuator/health/readiness"
}

start_services() {
    local name
    for name in "${SERVICES[@]}"; do
        : > "$WORK/$name.log"
        start_service "$name"
    done
}

stop_services() {
    local s
    for ((s = ${#SERVICES[@]} - 1; s >= 0; s--)); do
        stop_named "${SERVICES[s]}" 30
    done
}

# The one-JVM dev stack as ./run-stack --fresh starts it (same jar, same JVM flags), its data in $WORK/stack-one-jvm
start_stack() {
    log "starting the one-JVM stack (dev-stack --fresh, data in $WORK/stack-one-jvm)"
    wait_for "free stack ports" 60 ports_free 8080 8081 8082 9092 9093 15432
    : > "$WORK/stack.log"
    # shellcheck disable=SC2046,SC2086
    java $STACK_JVM_FLAGS $STACK_JAVA_OPTS $(profile_opts stack) $(pg_statements_opts) -Dinsights.dev-stack.dir="$WORK/stack-one-jvm" \
        -jar "$(exec_jar dev-stack)" --fresh > "$WORK/stack.log" 2>&1 &
    echo $! > "$WORK/stack.pid"
    wait_for "the one-JVM stack" 300 started "$WORK/stack.log" "Insights stack is up" stack
    log "one-JVM stack up (pid $(cat "$WORK/stack.pid")): $(grep -o 'up in [0-9.]* s' "$WORK/stack.log")"
    # the stack's own PostgreSQL, so that its bulk load lists its statements as the separate JVMs' does
    pg_statements_create
}

# The measurements run in a background subshell (MAIN_PID) so that a signal reaches this shell at once, even while a
# measurement runs. Cleanup ends that subshell and what it started (mains, wrk, the sampler), then stops the JVMs
# and at last Kafka and PostgreSQL gracefully, by the pids they wrote to $WORK.
cleanup() {
    local status=$? keep pid name tree
    trap - EXIT INT TERM
    # every step must run, whatever fails: errexit would end the cleanup at the first missing pid file
    set +e +o pipefail
    # the sampler outlives a main that returned normally, so it has a pid file of its own
    [[ -f $WORK/sampler.pid ]] && kill "$(cat "$WORK/sampler.pid")" 2> /dev/null || true
    rm -f "$WORK/sampler.pid"
    if [[ -n ${MAIN_PID:-} ]]; then
        keep=" $(cat "$WORK"/{ingest,render,query,rebuild,nginx,infra,stack}.pid 2> /dev/null | tr '\n' ' ') "
        for name in infra stack; do
            pid=$(cat "$WORK/$name.pid" 2> /dev/null || true)
            [[ -n $pid ]] && keep="$keep $(descendants "$pid" | tr '\n' ' ') "
        done
        tree=$(descendants "$MAIN_PID")
        kill -KILL "$MAIN_PID" 2> /dev/null || true
        for pid in $tree; do
            [[ $keep == *" $pid "* ]] || kill -TERM "$pid" 2> /dev/null || true
        done
    fi
    stop_named nginx 10
    stop_named rebuild 30
    stop_services
    # the dev stack's shutdown hook stops Kafka and PostgreSQL (and PostgreSQL's own processes) on SIGTERM
    stop_named stack 90
    stop_named infra 90
    [[ $status -ne 0 ]] && log "stopped after a failure (exit $status); logs in $WORK"
    exit "$status"
}

# PG_STATEMENTS=1: PostgreSQL's share of a phase, which JFR does not see: pg_stat_statements loaded at its start,
# reset before a bulk load and listed after it (pg_statements_top)
pg_statements_opts() {
    [[ ${PG_STATEMENTS:-0} == 1 ]] && echo "-Dinsights.dev-stack.postgres-settings=shared_preload_libraries=pg_stat_statements;pg_stat_statements.track=all"
    return 0
}

pg_statements_create() {
    [[ ${PG_STATEMENTS:-0} == 1 ]] || return 0
    psql -h localhost -p 15432 -U postgres -d insights -qc "create extension if not exists pg_stat_statements" \
        > /dev/null || die "PG_STATEMENTS=1: could not create pg_stat_statements"
}

pg_statements_reset() {
    [[ ${PG_STATEMENTS:-0} == 1 ]] || return 0
    psql -h localhost -p 15432 -U postgres -d insights -qAtc "select pg_stat_statements_reset()" > /dev/null
}

pg_statements_top() { # file: the statements by total time since the reset, with calls and rows
    [[ ${PG_STATEMENTS:-0} == 1 ]] || return 0
    psql -h localhost -p 15432 -U postgres -d insights -c "
        select round(total_exec_time)::bigint as total_ms,
               round(100 * total_exec_time / sum(total_exec_time) over ())::int as pct,
               calls, rows, round(mean_exec_time::numeric, 3) as mean_ms,
               left(regexp_replace(query, '\s+', ' ', 'g'), 160) as query
        from pg_stat_statements order by total_exec_time desc limit 25" > "$1" 2>&1
    log "PostgreSQL's statements by total time: $1"
}
