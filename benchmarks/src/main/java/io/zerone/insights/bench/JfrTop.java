package io.zerone.insights.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a service's CPU went, from a JFR recording (run.sh with PROFILE=1): the methods most often on top of the
 * sampled stacks (self), and the project's own methods most often anywhere on them (total), as shares of the
 * {@code jdk.ExecutionSample} events. The same data as {@code jfr print --events jdk.ExecutionSample}, summarised.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.JfrTop \
 *     --file=.bench/query.jfr --top=25
 * </pre>
 */
public final class JfrTop {

    private static final String OWN = "io.zerone.";

    public static void main(String[] arguments) throws IOException {
        Args args = new Args(arguments);
        int top = args.integer("top", 25);
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args.text("file", "rec.jfr")))) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            packages.merge(packageOf(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith(OWN) && seen.add(name)) {
                    total.merge(name, 1, Integer::sum);
                }
            }
        }
        System.out.printf("%,d execution samples%n%nself (top frame):%n", samples);
        print(self, samples, top);
        System.out.printf("%nself by package (top frame's package):%n");
        print(packages, samples, top);
        System.out.printf("%ntotal (the project's methods anywhere on the stack):%n");
        print(total, samples, top);
    }

    private static String name(RecordedFrame frame) {
        // a lambda's class name carries a per-run number; one entry per lambda site is what a reader wants
        return frame.getMethod().getType().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda") + "."
                + frame.getMethod().getName();
    }

    private static String packageOf(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.contains(".") ? type.substring(0, type.lastIndexOf('.')) : type;
    }

    private static void print(Map<String, Integer> counts, int samples, int top) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(entry -> System.out.printf("  %5.1f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, samples),
                        entry.getKey()));
    }
}
