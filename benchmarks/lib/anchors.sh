# Sourced by run.sh: what the machine itself does in the same run, beside the pipeline's figures. nginx serving the
# article page's bytes from a file (the ceiling for a cached page), pgbench -S on the same PostgreSQL (the ceiling for
# a lookup by key), and a producer's throughput on the same broker (the ceiling for the bulk path's first hop).

anchors() { # section
    nginx_anchor "$1"
    pgbench_anchor "$1"
    kafka_anchor "$1"
}

nginx_anchor() {
    local section=$1 slug
    slug=$(cat "$WORK/first-slug.txt")
    if ! nginx_start "$slug"; then
        record "$section" "nginx, the article page from a file" "not measured" "$NGINX_MISSING"
        return
    fi
    phase_start
    wrk_measure "/insights/$slug" "http://127.0.0.1:$NGINX_PORT"
    record "$section" "nginx: the article page's bytes from a file" "$WRK_RPS req/s, p99 ${WRK_P99:-n/a} ms" \
        "$(stat -c %s "$WORK/nginx/html/insights/$slug") bytes, 1 worker; wrk as for the pages $WRK_NOTE"
    stop_named nginx 10
}

NGINX_MISSING="nginx missing: apt-get install -y nginx-light (as root)"

# nginx, one worker, serving from files the bytes query-service sends for the article page: the identity bytes at
# /insights/<slug>, and the gzip bytes it sends for Accept-Encoding: gzip at /gzip/insights/<slug>, with the headers
# that name them. False when nginx is missing and cannot be installed.
nginx_start() { # slug
    local slug=$1 dir=$WORK/nginx
    command -v nginx > /dev/null || install_package nginx-light || return 1
    rm -rf "$dir"
    mkdir -p "$dir/html/insights" "$dir/html/gzip/insights" "$dir/logs"
    curl -sf "$QUERY_URL/insights/$slug" -o "$dir/html/insights/$slug" || die "could not fetch /insights/$slug"
    curl -sf -H 'Accept-Encoding: gzip' "$QUERY_URL/insights/$slug" -o "$dir/html/gzip/insights/$slug" \
        || die "could not fetch /insights/$slug in gzip"
    cat > "$dir/nginx.conf" << EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
$([[ $(id -u) == 0 ]] && echo "user root;")
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    types { }
    default_type "text/html; charset=utf-8";
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $dir/html;
        location /gzip/ {
            add_header Content-Encoding gzip;
            add_header Vary Accept-Encoding;
        }
    }
}
EOF
    ports_free "$NGINX_PORT" || die "port $NGINX_PORT (NGINX_PORT) is in use"
    nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$dir/logs/stdout.log" 2>&1 &
    echo $! > "$WORK/nginx.pid"
    wait_for "nginx" 30 curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/insights/$slug"
}

pgbench_anchor() { # section; sets PGBENCH_TPS
    pgbench_init "$1" && pgbench_select "$1"
    pgbench_drop
}

# pgbench's own database on the same server, initialised (-i -s 5: a bulk load and a vacuum); apart from
# pgbench_select so that a phase can load it before its figures and measure -S right beside one of them
pgbench_init() { # section; fails (and records why) when the database cannot be made
    PGBENCH_TPS=n/a
    export PGHOST=localhost PGPORT=${POSTGRES_PORT:-15432}
    # a database of its own on the same server (zonky's superuser is postgres, without a password)
    if ! psql -U postgres -d postgres -qc "drop database if exists pgbench" -c "create database pgbench" > "$WORK/pgbench.log" 2>&1; then
        record "$1" "pgbench -S" "not measured" "could not create its database; see $WORK/pgbench.log"
        return 1
    fi
    log "anchors: pgbench -i -s 5"
    pgbench -U postgres -i -s 5 -q pgbench >> "$WORK/pgbench.log" 2>&1 || die "pgbench -i failed; see $WORK/pgbench.log"
}

pgbench_select() { # section; sets PGBENCH_TPS (n/a when pgbench_init failed)
    local section=$1 out tps
    PGBENCH_TPS=n/a
    psql -U postgres -d pgbench -qc "select 1" > /dev/null 2>&1 || return 0
    log "anchors: pgbench -S for ${WRK_DURATION}s"
    phase_start
    out=$(pgbench -U postgres -S -n -c "$WRK_CONNECTIONS" -j "$WRK_THREADS" -T "$WRK_DURATION" pgbench 2>&1 | tee -a "$WORK/pgbench.log")
    tps=$(awk '/^tps = / { printf "%.0f", $3; exit }' <<< "$out")
    PGBENCH_TPS=${tps:-n/a}
    record "$section" "pgbench -S: select by primary key (scale 5)" "${tps:-n/a} tps" \
        "latency average $(awk '/^latency average/ { print $4 " " $5 }' <<< "$out"); -c $WRK_CONNECTIONS -j $WRK_THREADS -T $WRK_DURATION"
}

pgbench_drop() {
    psql -U postgres -d postgres -qc "drop database if exists pgbench" >> "$WORK/pgbench.log" 2>&1 || true
}

kafka_anchor() {
    local section=$1 out
    log "anchors: Kafka producer, $(count "$KAFKA_PERF_RECORDS") records of 512 B, acks=all"
    phase_start
    out=$(bench ProducerPerf --bootstrap=localhost:9092 --records="$KAFKA_PERF_RECORDS" --record-size=512)
    record "$section" "Kafka producer: 512 B records, acks=all" \
        "$(result kafka_perf_records_per_s "$out") records/s ($(result kafka_perf_mb_per_s "$out") MB/s)" \
        "latency p50 $(result kafka_perf_latency_p50_ms "$out") / p99 $(result kafka_perf_latency_p99_ms "$out") ms; $(count "$KAFKA_PERF_RECORDS") records, 6 partitions; failed $(result kafka_perf_failed "$out")"
}

install_package() { # name: apt-get install -y as root; false when that is not possible
    [[ $(id -u) == 0 ]] || return 1
    log "installing $1 (apt-get install -y $1)"
    apt-get install -y "$1" >> "$WORK/apt.log" 2>&1 && return 0
    apt-get update >> "$WORK/apt.log" 2>&1 && apt-get install -y "$1" >> "$WORK/apt.log" 2>&1
}
