package io.zerone.insights.ingest.publishing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The eventId of a request. With an Idempotency-Key it is derived from client, key and the request's fingerprint (a
 * name-based UUID): a retry is normally answered from the key store without writing anything, and in the rare case
 * that an event is written twice (a 503 whose event Kafka stored late, a claim taken over after the in-flight timeout)
 * both copies carry the same eventId, which the projection applies once. The fingerprint is part of it so that a key
 * reused with another request after the key store forgot it (the window, 24 hours) is the new request the README
 * promises: derived from client and key alone, it carried the first request's eventId, and the projector dropped it
 * as a retry of that one whenever it named the same slug. Without a key it is random.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    private static final Pattern SHAPE = Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private IdempotencyKeys() {
    }

    /**
     * The request's Idempotency-Key, null without one. Sent twice, it is refused: read as one header, its values
     * were joined into the key "a,b", which neither the first attempt nor its retry may have meant.
     *
     * @throws InvalidInsightException for a key sent more than once
     */
    public static String of(ServerHttpRequest request) {
        List<String> keys = request.getHeaders().get(HEADER);
        if (keys == null || keys.isEmpty()) {
            return null;
        }
        if (keys.size() > 1) {
            throw new InvalidInsightException(HEADER, "must be sent once: a request has one key");
        }
        return keys.get(0);
    }

    /** @param fingerprint the request's {@code IdempotentRequests.fingerprint} */
    public static UUID eventId(String clientId, String idempotencyKey, String fingerprint) {
        if (idempotencyKey == null) {
            return UUID.randomUUID();
        }
        if (!SHAPE.matcher(idempotencyKey).matches()) {
            throw new InvalidInsightException(HEADER, "must be 1 to 200 visible ASCII characters");
        }
        return UUID.nameUUIDFromBytes(("insights/" + clientId + "/" + idempotencyKey + "/" + fingerprint)
                .getBytes(StandardCharsets.UTF_8));
    }
}
