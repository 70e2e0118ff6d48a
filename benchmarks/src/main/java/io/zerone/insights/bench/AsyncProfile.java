package io.zerone.insights.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import com.sun.tools.attach.VirtualMachine;

/**
 * Starts or stops async-profiler (the {@code tools.profiler:async-profiler} artifact, native library inside) in a
 * running JVM through the attach API, so that run.sh with {@code PROFILE=async} profiles exactly the measured part of
 * a publish run. CPU samples by interval timer ({@code itimer}: no perf_events needed), Java, native and JVM frames
 * alike, which is what JFR's sampler (~13 samples/s here) and its Java-only frames missed: the C2 compiler threads,
 * zlib, brotli and exceptions filling in their stack traces. {@code stop} writes collapsed stacks
 * ({@code frame;frame;... count}), which {@link CollapsedTop} summarises.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:benchmarks/target/lib/* io.zerone.insights.bench.AsyncProfile \
 *     --pid=1234 --action=start --library=.bench/libasyncProfiler.so
 * </pre>
 */
public final class AsyncProfile {

    private static final String LIBRARY = "linux-x64/libasyncProfiler.so";

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        Path library = extracted(Path.of(args.text("library", "libasyncProfiler.so")));
        String options = switch (args.text("action", "start")) {
            case "start" -> "start,event=itimer,interval=" + args.number("interval-us", 2000) * 1000;
            case "stop" -> "stop,collapsed,file=" + Path.of(args.text("file", "profile.collapsed")).toAbsolutePath();
            default -> throw new IllegalArgumentException("--action is start or stop");
        };
        VirtualMachine vm = VirtualMachine.attach(args.text("pid", ""));
        try {
            vm.loadAgentPath(library.toAbsolutePath().toString(), options);
        } finally {
            vm.detach();
        }
    }

    /** The library from the artifact on the class path, written next to the run's files once. */
    private static Path extracted(Path target) throws IOException {
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (InputStream in = AsyncProfile.class.getClassLoader().getResourceAsStream(LIBRARY)) {
            if (in == null) {
                throw new IOException(LIBRARY + " is not on the class path (tools.profiler:async-profiler)");
            }
            Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(), "asprof", ".so");
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            return Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
