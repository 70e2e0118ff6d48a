package io.zerone.insights.ingest.receipts;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;
import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.events.InsightPublished;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What the publishing API needs of receipts: write one when a request is accepted, and wait for its outcome. */
@Service
public class Receipts {

    private static final Logger log = LoggerFactory.getLogger(Receipts.class);

    private final ReceiptStore store;
    private final ReceiptChanges changes;
    private final ReceiptsProperties properties;
    private final MeterRegistry meters;

    Receipts(ReceiptStore store, ReceiptChanges changes, ReceiptsProperties properties, MeterRegistry meters) {
        this.store = store;
        this.changes = changes;
        this.properties = properties;
        this.meters = meters;
    }

    /** Where the receipt of an event is read. */
    public static URI of(UUID eventId) {
        return URI.create(ReceiptController.PATH + "/" + eventId);
    }

    /**
     * Writes the receipt of a request about to be sent, before the send, so that no event of the pipeline can come
     * before it. Answers whether it was written: without it (no database, or one too slow) the request is still
     * published, only without a receipt, as it was before receipts existed.
     */
    public Mono<Boolean> accept(String clientId, InsightEvent event) {
        String kind = event instanceof InsightPublished ? "publish" : "unpublish";
        if (!store.available()) {
            return Mono.just(false);
        }
        return store.accept(event.eventId(), clientId, event.slug(), kind, event.occurredAt())
                .timeout(properties.storeTimeout())
                .thenReturn(true)
                .onErrorResume(e -> {
                    log.warn("could not write the receipt of {}; it is published without one: {}", event.eventId(),
                            e.toString());
                    return Mono.just(false);
                });
    }

    /**
     * The receipt's state once it settled (live, removed, failed, superseded or scheduled), or empty when it did not
     * within {@code max}. Woken by the receipt's notification from any replica, and by a poll in case one was lost;
     * never blocks a thread.
     */
    public Mono<ReceiptState> awaitSettled(UUID eventId, Duration max) {
        Flux<Object> readAgain = Flux.merge(changes.moved().filter(eventId::equals),
                Flux.interval(Duration.ZERO, properties.pollInterval()));
        return readAgain.onBackpressureLatest()
                .concatMap(wake -> store.state(eventId).onErrorResume(e -> Mono.empty()), 1)
                .filter(ReceiptState::settled)
                .next()
                .timeout(max, Mono.empty())
                .doOnSuccess(state -> meters.counter("insights.ingest.waits",
                        "outcome", state == null ? "timed_out" : state.value()).increment());
    }
}
