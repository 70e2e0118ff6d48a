package io.zerone.insights.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a JVM's CPU went, from async-profiler's collapsed stacks (run.sh with {@code PROFILE=async}): the frames most
 * often on top (self), by thread kind (the outermost frames: Netty event loops, Kafka's threads, the compiler), and
 * the frames most often anywhere on the stack (total) among the project's own and the usual suspects (compression,
 * JSON, observations, exceptions, the JIT), as shares of all samples.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.CollapsedTop \
 *     --file=.bench/ingest-steady.collapsed --top=30
 * </pre>
 */
public final class CollapsedTop {

    private static final Pattern INTERESTING = Pattern.compile("io/zerone/|CompileBroker::compiler_thread_loop|"
            + "VMThread::run|fill_in_stack_trace|Deflater\\.deflate|brotli4j/encoder/Encoder\\.compress|"
            + "ObjectMapper\\.(readTree|readValue|writeValue)|SimpleObservation\\.(start|stop)$|"
            + "SingleThreadIoEventLoop\\.run$|producer/internals/Sender\\.run$|ListenerConsumer\\.run$|"
            + "ReactorNettyClient\\$BackendMessageSubscriber\\.onNext$|jdbc/PgStatement\\.execute$|"
            + "kafka/network/|kafka/server/[A-Za-z]+\\.handle");

    public static void main(String[] arguments) throws IOException {
        Args args = new Args(arguments);
        int top = args.integer("top", 30);
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        long samples = 0;
        for (String line : Files.readAllLines(Path.of(args.text("file", "profile.collapsed")))) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long count = Long.parseLong(line.substring(space + 1).trim());
            List<String> frames = List.of(line.substring(0, space).split(";"));
            samples += count;
            self.merge(frames.get(frames.size() - 1), count, Long::sum);
            Set<String> seen = new HashSet<>();
            for (String frame : frames) {
                if (INTERESTING.matcher(frame).find() && seen.add(frame)) {
                    total.merge(frame, count, Long::sum);
                }
            }
        }
        System.out.printf("%,d samples%n%nself (top frame):%n", samples);
        print(self, samples, top);
        System.out.printf("%ntotal (the project's frames and the usual suspects anywhere on the stack):%n");
        print(total, samples, top);
    }

    private static void print(Map<String, Long> counts, long samples, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
