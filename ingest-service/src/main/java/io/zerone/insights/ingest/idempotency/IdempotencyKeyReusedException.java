package io.zerone.insights.ingest.idempotency;

/** The same key with another request (method, path or body): 422, nothing is published. */
public class IdempotencyKeyReusedException extends RuntimeException {

    IdempotencyKeyReusedException() {
        super("the Idempotency-Key was already used for a different request; use a new key for a new request");
    }
}
