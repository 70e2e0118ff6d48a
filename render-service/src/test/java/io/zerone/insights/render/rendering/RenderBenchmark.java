package io.zerone.insights.render.rendering;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.zerone.insights.events.InsightPublished;
import io.zerone.insights.events.Revision;
import io.zerone.insights.render.SeedEvents;

/**
 * Insights rendered per second on one thread (so one core): Markdown, sanitizer, page, card, JSON-LD, search
 * document and hash, as the listener runs them, without Kafka. Not a test: run it on purpose, on a quiet machine.
 * <pre>./mvnw -B -q -pl render-service -am -Pbenchmark test-compile -Dbenchmark.seconds=5</pre>
 */
public final class RenderBenchmark {

    private static final int LARGE_BODY_BYTES = 200 * 1024;

    public static void main(String[] args) {
        long seconds = Long.getLong("benchmark.seconds", 5);
        InsightRenderer renderer = new InsightRenderer(URI.create("http://localhost:8080"), Clock.systemUTC());
        List<InsightPublished> seeds = SeedEvents.load();
        List<InsightPublished> large = List.of(withBody(seeds.get(1), largeBody(seeds)));

        System.out.printf(Locale.ROOT, "render benchmark: 1 thread, %d s warm-up and %d s measured per case, %s%n",
                seconds, seconds, Runtime.version());
        measure("nine seed bodies", renderer, seeds, seconds);
        measure("one 200 KiB body", renderer, large, seconds);
    }

    private static void measure(String name, InsightRenderer renderer, List<InsightPublished> insights, long seconds) {
        run(renderer, insights, seconds); // warm-up: let the JIT compile the hot paths
        long[] result = run(renderer, insights, seconds);
        double perSecond = result[0] * 1e9 / result[1];
        double bodyBytes = insights.stream().mapToLong(i -> i.body().getBytes(StandardCharsets.UTF_8).length).average().orElse(0);
        System.out.printf(Locale.ROOT, "%-18s %10.0f insights/s  %8.3f ms/insight  %7.1f MiB/s of Markdown%n",
                name, perSecond, 1e3 / perSecond, perSecond * bodyBytes / (1024 * 1024));
    }

    /** @return renders done and nanoseconds taken */
    private static long[] run(InsightRenderer renderer, List<InsightPublished> insights, long seconds) {
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        long done = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            for (InsightPublished insight : insights) {
                sink += renderer.render(insight, new Revision(0, done)).contentHash().length();
                done++;
            }
        }
        if (sink == 42) {
            System.out.println(); // keeps the JIT from dropping the work as unused
        }
        return new long[] {done, System.nanoTime() - start};
    }

    private static String largeBody(List<InsightPublished> seeds) {
        StringBuilder body = new StringBuilder(LARGE_BODY_BYTES + 4096);
        for (int i = 0; body.length() < LARGE_BODY_BYTES; i++) {
            body.append(seeds.get(i % seeds.size()).body()).append("\n\n");
        }
        return body.toString();
    }

    private static InsightPublished withBody(InsightPublished insight, String body) {
        return new InsightPublished(UUID.randomUUID(), insight.occurredAt(), insight.source(), insight.insight(), body);
    }
}
