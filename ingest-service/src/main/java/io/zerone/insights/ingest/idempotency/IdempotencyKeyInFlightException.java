package io.zerone.insights.ingest.idempotency;

/** The first request with this key is still in flight: 409, as the draft answers a concurrent duplicate. */
public class IdempotencyKeyInFlightException extends RuntimeException {

    IdempotencyKeyInFlightException() {
        super("a request with this Idempotency-Key is still being processed; retry once it has been answered");
    }
}
