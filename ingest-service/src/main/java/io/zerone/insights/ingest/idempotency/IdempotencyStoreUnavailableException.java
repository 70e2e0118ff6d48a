package io.zerone.insights.ingest.idempotency;

/** The key store did not answer in time: a keyed request is refused (503), never published unchecked. */
public class IdempotencyStoreUnavailableException extends RuntimeException {

    IdempotencyStoreUnavailableException(Throwable cause) {
        super("the idempotency key store is unavailable", cause);
    }
}
