package io.zerone.insights.faultrun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A visitor reading the site all through the run, a few pages a second: what readers get while a part is down. Each
 * answer is tallied under the phase it came in ("steady", or the fault that is recovering) by its status, or
 * "refused" when no answer came.
 */
final class Visitor implements AutoCloseable {

    private static final List<String> PATHS = List.of("/insights", "/api/insights", "/api/stats",
            "/insights/feed.xml", "/api/search?q=fault");

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final String STEADY = "no fault";

    private final AtomicReference<String> phase = new AtomicReference<>(STEADY);
    private final Map<String, Map<String, LongAdder>> tally = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Visitor(URI base) {
        this.base = base;
        this.thread = new Thread(this::visit, "visitor");
        thread.setDaemon(true);
        thread.start();
    }

    void phase(String name) {
        phase.set(name);
    }

    /** Per phase, how many reads got each answer, e.g. {@code 200=412 503=8 refused=31}. */
    Map<String, Map<String, Long>> answers() {
        Map<String, Map<String, Long>> answers = new TreeMap<>();
        tally.forEach((name, counts) -> {
            Map<String, Long> byAnswer = new TreeMap<>();
            counts.forEach((answer, count) -> byAnswer.put(answer, count.sum()));
            answers.put(name, byAnswer);
        });
        return answers;
    }

    private void visit() {
        for (int n = 0; running; n++) {
            String at = phase.get();
            String answer;
            try {
                answer = String.valueOf(http.send(HttpRequest.newBuilder(base.resolve(PATHS.get(n % PATHS.size())))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                answer = "refused";
            } catch (InterruptedException e) {
                return;
            }
            tally.computeIfAbsent(at, p -> new ConcurrentHashMap<>()).computeIfAbsent(answer, a -> new LongAdder())
                    .increment();
            try {
                Pause.briefly(Duration.ofMillis(200));
            } catch (IllegalStateException interrupted) {
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
