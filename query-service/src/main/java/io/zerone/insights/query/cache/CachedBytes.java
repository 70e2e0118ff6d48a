package io.zerone.insights.query.cache;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * About how many bytes of the heap a cached value holds, for the cache's bound in bytes: its byte arrays and strings,
 * found by walking the records it is made of (a page in its codings, the record an endpoint wraps it in). Every cached
 * value is such a record, so a new endpoint is weighed without saying how; anything else counts as a small object.
 * An estimate: a string is taken at two bytes a character, headers of objects are ignored.
 */
final class CachedBytes {

    /** What a value that holds no bytes of its own is taken to weigh. */
    static final int SMALL_OBJECT = 64;

    /** Records nest a few levels at most; a deeper walk would be a cycle, which records do not make. */
    private static final int DEPTH = 8;

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                // records of other packages are package-private: their accessors are not accessible from here
                accessors[i].setAccessible(true);
            }
            return accessors;
        }
    };

    private CachedBytes() {
    }

    static long of(Object value) {
        return of(value, 0);
    }

    private static long of(Object value, int depth) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof CharSequence text) {
            return 2L * text.length();
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Enum<?>) {
            return 0; // held inside the record that has them, or shared
        }
        if (depth >= DEPTH) {
            return SMALL_OBJECT;
        }
        if (value instanceof Collection<?> values) {
            return values.stream().mapToLong(element -> of(element, depth + 1)).sum();
        }
        if (value instanceof Map<?, ?> entries) {
            return entries.entrySet().stream()
                    .mapToLong(entry -> of(entry.getKey(), depth + 1) + of(entry.getValue(), depth + 1)).sum();
        }
        if (value instanceof Record) {
            long total = 0;
            for (Method accessor : ACCESSORS.get(value.getClass())) {
                try {
                    total += of(accessor.invoke(value), depth + 1);
                } catch (ReflectiveOperationException e) {
                    total += SMALL_OBJECT;
                }
            }
            return Math.max(total, SMALL_OBJECT);
        }
        return SMALL_OBJECT;
    }
}
