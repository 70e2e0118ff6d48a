package io.zerone.insights.ingest.idempotency;

import java.time.Duration;

/** The first request with this key is still in flight: 409, as the draft answers a concurrent duplicate. */
public class IdempotencyKeyInFlightException extends RuntimeException {

    /** The 409's Retry-After. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    IdempotencyKeyInFlightException() {
        super("a request with this Idempotency-Key is still being processed; retry once it has been answered");
    }
}
