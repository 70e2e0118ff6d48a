package io.zerone.insights.query.projection;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.zerone.insights.events.Revision;
import io.zerone.insights.render.rendering.InsightRenderer;

/**
 * Figures, not a test: what compressing one article page costs the projector, by algorithm and level, on pages
 * render-service's own renderer makes (articles of 250 to 650 words, as {@link ProjectionReplayBenchmark} writes).
 * One thread, after a warm-up; the levels {@link CompressedPage} uses are marked. A rough measurement without JMH:
 * compare the rows with each other, on a quiet machine.
 *
 * In dev-stack's tests, beside {@link ProjectionReplayBenchmark}, where render-service and query-service are both on
 * the classpath (query-service's own tests do not depend on render-service).
 *
 * <pre>
 * ./mvnw -B -q -pl dev-stack -am install -DskipTests
 * ./mvnw -B -q -pl dev-stack dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * cd dev-stack &amp;&amp; java -cp "target/test-classes:target/classes:$(cat /tmp/cp.txt)" \
 *     io.zerone.insights.query.projection.PageCompressionBenchmark [--pages=300] [--seconds=2]
 * </pre>
 */
public final class PageCompressionBenchmark {

    private record Setting(String name, boolean chosen, Function<byte[], byte[]> compress) {
    }

    public static void main(String[] args) {
        int pages = intArgument(args, "--pages=", 300);
        double seconds = intArgument(args, "--seconds=", 2);
        InsightRenderer renderer = new InsightRenderer(URI.create("http://localhost:8080"), Clock.systemUTC());
        List<byte[]> identity = IntStream.range(0, pages)
                .mapToObj(i -> renderer.render(ProjectionReplayBenchmark.published(i), new Revision(0, i)).pageHtml())
                .map(page -> page.getBytes(StandardCharsets.UTF_8)).toList();
        long bytes = identity.stream().mapToLong(page -> page.length).sum();
        System.out.printf(Locale.ROOT, "%d pages, %,d bytes each on average; load average %s%n", pages,
                bytes / pages, loadAverage());
        System.out.printf(Locale.ROOT, "%-12s %12s %12s %10s%n", "setting", "ms per page", "pages/s", "ratio");
        for (Setting setting : settings()) {
            run(setting, identity, seconds / 4); // warm-up
            System.out.println(run(setting, identity, seconds));
        }
        System.out.printf(Locale.ROOT, "load average %s%n", loadAverage());
    }

    private static List<Setting> settings() {
        return List.of(
                new Setting("gzip 1", false, page -> CompressedPage.gzip(page, 1)),
                new Setting("gzip 6", CompressedPage.GZIP_LEVEL == 6, page -> CompressedPage.gzip(page, 6)),
                new Setting("gzip 9", false, page -> CompressedPage.gzip(page, 9)),
                new Setting("brotli 1", false, page -> CompressedPage.brotli(page, 1)),
                new Setting("brotli 4", CompressedPage.BROTLI_QUALITY == 4, page -> CompressedPage.brotli(page, 4)),
                new Setting("brotli 5", CompressedPage.BROTLI_QUALITY == 5, page -> CompressedPage.brotli(page, 5)),
                new Setting("brotli 6", CompressedPage.BROTLI_QUALITY == 6, page -> CompressedPage.brotli(page, 6)),
                new Setting("brotli 9", false, page -> CompressedPage.brotli(page, 9)),
                new Setting("brotli 11", false, page -> CompressedPage.brotli(page, 11)));
    }

    private static String run(Setting setting, List<byte[]> pages, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long started = System.nanoTime();
        long in = 0;
        long out = 0;
        int count = 0;
        while (System.nanoTime() < deadline || count < pages.size()) {
            byte[] page = pages.get(count % pages.size());
            in += page.length;
            out += setting.compress().apply(page).length;
            count++;
        }
        double millis = (System.nanoTime() - started) / 1e6 / count;
        return String.format(Locale.ROOT, "%-12s %12.3f %12.0f %10.3f%s", setting.name(), millis, 1000 / millis,
                (double) out / in, setting.chosen() ? "   <- CompressedPage" : "");
    }

    private static int intArgument(String[] args, String prefix, int otherwise) {
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return Integer.parseInt(arg.substring(prefix.length()));
            }
        }
        return otherwise;
    }

    private static String loadAverage() {
        return String.format(Locale.ROOT, "%.2f",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
