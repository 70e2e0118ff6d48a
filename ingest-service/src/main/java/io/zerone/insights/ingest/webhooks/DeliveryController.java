package io.zerone.insights.ingest.webhooks;

import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The delivery log, for operators: behind the API's bearer keys rather than on the open actuator, because a
 * subscriber's URL may be its secret (the log shows it without query or user info all the same). The deployment's
 * subscribers are the deployment's, so every client of it sees the same log.
 */
@RestController
class DeliveryController {

    static final String PATH = "/api/webhooks/deliveries";
    private static final Set<String> STATES = Set.of("pending", "delivered", "failed");
    private static final int MAX_LIMIT = 500;

    private final DeliveryStore store;
    private final WebhookDispatcher dispatcher;

    DeliveryController(DeliveryStore store, WebhookDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Flux<Delivery> deliveries(@RequestParam(required = false) String state,
            @RequestParam(defaultValue = "100") int limit) {
        if (state != null && !STATES.contains(state)) {
            return Flux.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "state must be one of pending, delivered, failed"));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return Flux.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 to " + MAX_LIMIT));
        }
        return available().thenMany(store.list(state, limit));
    }

    /**
     * Sends a delivery again now (after a subscriber's outage outlasted the retries), same webhook-id and body; a
     * delivery still pending is a 409, since resetting its attempts would send it twice while one is in flight.
     */
    @PostMapping(path = PATH + "/{id}/redeliver", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Delivery> redeliver(@PathVariable long id) {
        return available().then(store.redeliver(id))
                .doOnNext(delivery -> dispatcher.wake())
                // not updated: pending (409), settled between the two statements (ask again), or no such delivery
                .switchIfEmpty(store.find(id).flatMap(found -> !"pending".equals(found.state())
                        ? store.redeliver(id).doOnNext(delivery -> dispatcher.wake())
                        : Mono.<Delivery>error(new ResponseStatusException(HttpStatus.CONFLICT,
                                "the delivery is still pending: its attempts go on" + (found.nextAttemptAt() == null
                                        ? "" : ", the next at " + found.nextAttemptAt())))))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no webhook delivery has this id")));
    }

    private Mono<Void> available() {
        return store.available() ? Mono.empty()
                : Mono.error(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "webhooks need the database"));
    }
}
