package io.zerone.insights.ingest.publishing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The eventId of a request. With an Idempotency-Key it is derived from client and key (a name-based UUID): a retry
 * is normally answered from the key store without writing anything, and in the rare case that an event is written
 * twice (a 503 whose event Kafka stored late, a claim taken over after the in-flight timeout) both copies carry the
 * same eventId. Without a key it is random.
 */
public final class IdempotencyKeys {

    private static final Pattern SHAPE = Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private IdempotencyKeys() {
    }

    public static UUID eventId(String clientId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return UUID.randomUUID();
        }
        if (!SHAPE.matcher(idempotencyKey).matches()) {
            throw new InvalidInsightException("Idempotency-Key", "must be 1 to 200 visible ASCII characters");
        }
        return UUID.nameUUIDFromBytes(("insights/" + clientId + "/" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
    }
}
