package io.zerone.insights.ingest.publishing;

/** Kafka did not acknowledge a write in time; the client may retry with the same Idempotency-Key. */
public class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(Throwable cause) {
        super("Kafka did not acknowledge the event in time", cause);
    }
}
