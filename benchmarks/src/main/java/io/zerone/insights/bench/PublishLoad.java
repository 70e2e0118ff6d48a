package io.zerone.insights.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import io.netty.buffer.Unpooled;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Publishes generated insights through the ingest API (the exact path an editor takes) and measures, per request,
 * the time to its 202 (which ingest answers only after Kafka acked the write with acks=all) and, with
 * {@code --readable=true}, the time from that 202 until query-service answers 200 for the slug.
 *
 * <p>{@code --rate=0} is a closed loop: {@code --concurrency} requests always in flight, as fast as ingest takes
 * them. {@code --rate=R} is an open loop at R requests per second (still capped at {@code --concurrency} in
 * flight; the achieved rate is printed, so a saturated run shows). A warm-up phase runs first and is not counted.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.PublishLoad \
 *     --label=ingest --count=20000 --warmup=2000 --concurrency=64 --rate=0 --readable=false
 * </pre>
 */
public final class PublishLoad {

    private static final String DEV_KEY = "dev-insights-key";

    private final String ingest;
    private final HttpClient client;
    private final Generator generator;
    private final JsonMapper json = JsonMapper.builder().build();
    private final int concurrency;
    private final double rate;
    private final ReadablePoller readable;
    private final String label;

    private PublishLoad(Args args) {
        this.label = args.text("label", "ingest");
        this.ingest = args.text("ingest", "http://localhost:8081") + "/api/insights";
        this.concurrency = args.integer("concurrency", 64);
        this.rate = args.number("rate", 0);
        // a prefix per run: a slug the store already holds would be readable before it was published
        this.generator = new Generator(args.text("prefix", "p" + Long.toString(System.currentTimeMillis(), 36) + "-"));
        // Reactor Netty: one event loop, pooled keep-alive connections, no per-request futures; the machine it runs
        // on is the one it measures, so the client must cost little (the JDK's HttpClient took ~2 ms per request)
        this.client = HttpClient.create(ConnectionProvider.builder("publish").maxConnections(concurrency)
                        .pendingAcquireMaxCount(-1).build())
                .runOn(LoopResources.create("publish", 1, true))
                .responseTimeout(Duration.ofSeconds(30))
                .headers(headers -> headers.set("Authorization", "Bearer " + DEV_KEY).set("Content-Type", "application/json"));
        this.readable = Boolean.parseBoolean(args.text("readable", "false"))
                ? new ReadablePoller(args.text("query", "http://localhost:8080"), args.integer("poll-ms", 5),
                        Duration.ofSeconds(args.number("readable-timeout-s", 120)),
                        args.text("postgres", "jdbc:postgresql://localhost:15432/insights"),
                        args.text("postgres-user", "insights"), args.text("postgres-password", "insights"))
                : null;
    }

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        PublishLoad load = new PublishLoad(args);
        String label = load.label;
        long warmup = args.number("warmup", 1000);
        long count = args.number("count", 10_000);

        // both sets generated before anything is sent: run.sh's CPU figures start at the line below, and the
        // generator's work is not the pipeline's
        List<Prepared> warmupSet = load.prepare(0, warmup);
        List<Prepared> measuredSet = load.prepare(warmup, count);
        long warmedUp = load.run(warmupSet, null, null, null);
        // run.sh waits for this line before it measures something else while this load flows
        System.err.println("publish load " + label + ": warmed up, measuring");
        Histogram acks = Figures.latencies();
        Histogram toReadable = Figures.latencies();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        long cpuStarted = processCpuNanos();
        long accepted = load.run(measuredSet, acks, errors, toReadable);
        double seconds = (System.nanoTime() - started) / 1e9;

        Figures.print(label + "_accepted_per_s", accepted / seconds);
        Figures.count(label + "_errors", errors.get());
        Figures.count(label + "_stored", warmedUp + accepted);
        Figures.printMillis(label + "_ack", acks);
        if (load.readable != null) {
            long unreadable = load.readable.awaitAll();
            Figures.printMillis(label + "_readable", toReadable);
            Figures.count(label + "_unreadable", unreadable);
        }
        // this client's own CPU while it measured (HTTP client, readability checks): it shares the machine
        Figures.print(label + "_client_cpu_ms_per_insight", (processCpuNanos() - cpuStarted) / 1e6 / Math.max(1, count));
        System.exit(0);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Insights from..from+count as requests: generated before the clock starts (at hundreds per second the
     * generator would take a core from the pipeline). */
    private List<Prepared> prepare(long from, long count) {
        return LongStream.range(from, from + count).parallel()
                .mapToObj(i -> generator.insight(i))
                .map(insight -> new Prepared(insight.slug(), request(insight)))
                .toList();
    }

    /** Sends the prepared insights and waits for every answer; returns how many were accepted. */
    private long run(List<Prepared> prepared, Histogram acks, AtomicLong errors, Histogram toReadable)
            throws InterruptedException {
        int count = prepared.size();
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong accepted = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (rate > 0) {
                long due = start + (long) (i * 1e9 / rate);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            inFlight.acquire();
            Prepared insight = prepared.get(i);
            long sent = System.nanoTime();
            client.post().uri(ingest)
                    .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(insight.body())))
                    .response()
                    .map(response -> response.status().code())
                    .subscribe(status -> answered(insight, status, null, sent, inFlight, accepted, acks, errors, toReadable),
                            error -> answered(insight, 0, error, sent, inFlight, accepted, acks, errors, toReadable));
        }
        inFlight.acquire(concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (rate > 0 && acks != null) {
            Figures.print(label + "_offered_per_s", count / seconds);
        }
        return accepted.get();
    }

    private void answered(Prepared insight, int status, Throwable error, long sent, Semaphore inFlight,
            AtomicLong accepted, Histogram acks, AtomicLong errors, Histogram toReadable) {
        long answered = System.nanoTime();
        inFlight.release();
        boolean ok = error == null && status == 202;
        if (!ok) {
            if (errors != null) {
                errors.incrementAndGet();
                if (errors.get() <= 5) {
                    System.err.println("publish failed: " + (error != null ? error : "HTTP " + status));
                }
            }
            return;
        }
        accepted.incrementAndGet();
        if (acks != null) {
            acks.recordValue((answered - sent) / 1000);
        }
        if (toReadable != null && readable != null) {
            readable.watch(insight.slug(), answered, toReadable);
        }
    }

    private record Prepared(String slug, byte[] body) {
    }

    private byte[] request(Generator.Insight insight) {
        // the publish request's fields are the metadata's, under the same names, plus the body
        ObjectNode body = json.valueToTree(insight.metadata());
        body.put("body", insight.body());
        return json.writeValueAsBytes(body);
    }
}
