# Sourced by run.sh: the rebuild of query-service's projection from insight-rendered.
#
# With a query-service that has the blue/green rebuild command (java -jar query-service-*-exec.jar
# --query.projection.rebuild=true: replays insight-rendered into a fresh generation while the running query-service
# serves, switches reads when caught up and counts match, exits 0, prints RESULT rebuild-insights|rebuild-seconds|
# rebuild-per-second), the command is timed from its JVM's start to its exit while a probe reads the site.
# Without it (REBUILD=auto finds no trace of it in the jar or the source), the older reset-and-replay: query-service
# stopped, its schema dropped and its consumer group deleted, the new JVM replays the topic; the site is down meanwhile.

REBUILD_MARKER='rebuild-insights|rebuild-per-second|projection\.rebuild'

rebuild_supported() {
    case $REBUILD in
        command) return 0 ;;
        replay) return 1 ;;
    esac
    # not a pipe: with pipefail, grep -q's early exit would fail unzip with SIGPIPE
    grep -aqE "$REBUILD_MARKER" < <(unzip -p "$(exec_jar query-service)" 'BOOT-INF/classes/*' 2> /dev/null) \
        || grep -rqsE "$REBUILD_MARKER" "$ROOT/query-service/src/main"
}

rebuild() { # section
    catch_up
    if rebuild_supported; then
        rebuild_command "$1"
    else
        rebuild_replay "$1"
    fi
}

rebuild_command() {
    local section=$1 total slug jar status=0 started took out n after probes ok
    total=$(projected)
    jar=$(exec_jar query-service)
    slug=$(cat "$WORK/first-slug.txt")
    log "rebuild: the rebuild command replays insight-rendered into a fresh projection ($(count "$total") insights) while query-service serves"
    phase_start
    probe_reads > "$WORK/rebuild-probe.txt" &
    probes=$!
    started=$(date +%s%3N)
    # the same environment as the service; server.port=0 in case the command starts a web server beside the live one
    # shellcheck disable=SC2046,SC2086
    java $(java_opts rebuild) $(profile_opts rebuild) -jar "$jar" --query.projection.rebuild=true --server.port=0 \
        > "$WORK/rebuild.log" 2>&1 &
    echo $! > "$WORK/rebuild.pid"
    # a jar without the command would start a second query-service that never exits: bounded by REBUILD_TIMEOUT_S
    while kill -0 "$(cat "$WORK/rebuild.pid")" 2> /dev/null \
        && (($(date +%s%3N) - started < REBUILD_TIMEOUT_S * 1000)); do
        sleep 0.2
    done
    kill -0 "$(cat "$WORK/rebuild.pid")" 2> /dev/null && log "rebuild: still running after ${REBUILD_TIMEOUT_S}s; stopping it"
    stop_pid "$(cat "$WORK/rebuild.pid")" 30
    wait "$(cat "$WORK/rebuild.pid")" || status=$?
    took=$(awk -v s="$started" -v e="$(date +%s%3N)" 'BEGIN { printf "%.1f", (e - s) / 1000 }')
    rm -f "$WORK/rebuild.pid"
    kill "$probes" 2> /dev/null || true
    wait "$probes" 2> /dev/null || true
    out=$(cat "$WORK/rebuild.log")
    n=$(result rebuild-insights "$out")
    after=$(projected)
    if [[ $status != 0 || -z $n ]]; then
        echo "rebuild" >> "$WORK/missed.txt"
        record "$section" "rebuild command" "FAILED: exit $status after $took s" "no RESULT rebuild-insights; see $WORK/rebuild.log"
        return
    fi
    record "$section" "$(count "$total") insights replayed into a fresh projection" \
        "$took s, $(per_s "$total" "$took") insights/s" \
        "$(target "1,000,000 in < 5 min, i.e. >= 3,334/s" "$(per_s "$total" "$took")" ge 3334); JVM start to exit; the command's own: $(count "$n") insights, $(result rebuild-seconds "$out") s, $(result rebuild-per-second "$out")/s; live insights after the switch $(count "$after") of $(count "$total")"
    ok=$(grep -c '^200$' "$WORK/rebuild-probe.txt" || true)
    record "$section" "reads while it rebuilt" "$ok of $(wc -l < "$WORK/rebuild-probe.txt") answered 200" \
        "JSON by a random slug and the listing page, every 0.2 s, each with a 5 s timeout"
    record "$section" "peak RSS while it rebuilt (MB)" "$(phase_rss rebuild query)" \
        "rebuild $(xmx_of "$REBUILD_JAVA_OPTS"), query $(xmx_of "$QUERY_JAVA_OPTS")"
}

probe_reads() { # until killed: a JSON read of a random slug of the store and the listing page, one status per line
    local n
    n=$(wc -l < "$WORK/json.paths")
    while true; do
        curl -s -o /dev/null -m 5 -w '%{http_code}\n' "$QUERY_URL$(sed -n "$(((RANDOM * 32768 + RANDOM) % n + 1))p" "$WORK/json.paths")" || true
        curl -s -o /dev/null -m 5 -w '%{http_code}\n' "$QUERY_URL/insights" || true
        sleep 0.2
    done
}

rebuild_replay() {
    local section=$1 total started took
    total=$(projected)
    log "rebuild: no rebuild command in this query-service; reset and replay ($(count "$total") insights, site down meanwhile)"
    stop_named query 30
    bench Projections reset
    phase_start
    started=$(date +%s%3N)
    start_service query
    wait_projected "$total" rebuild > /dev/null
    took=$(awk -v s="$started" -v e="$(date +%s%3N)" 'BEGIN { printf "%.1f", (e - s) / 1000 }')
    record "$section" "$(count "$total") insights replayed (reset and replay)" "$took s, $(per_s "$total" "$took") insights/s" \
        "$(target "1,000,000 in < 5 min, i.e. >= 3,334/s" "$(per_s "$total" "$took")" ge 3334); no rebuild command in this jar: schema dropped, consumer group deleted, from query-service's JVM start; the site is down meanwhile"
    record "$section" "peak RSS while it rebuilt (MB)" "$(phase_rss query)" "query $(xmx_of "$QUERY_JAVA_OPTS")"
}
