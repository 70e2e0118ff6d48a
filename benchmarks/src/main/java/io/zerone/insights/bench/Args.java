package io.zerone.insights.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} arguments with defaults; run.sh passes every setting explicitly. */
final class Args {

    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    long number(String name, long defaultValue) {
        return values.containsKey(name) ? Long.parseLong(values.get(name).replace("_", "")) : defaultValue;
    }

    int integer(String name, int defaultValue) {
        return Math.toIntExact(number(name, defaultValue));
    }
}
