package io.zerone.insights.ingest.receipts;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import io.zerone.insights.ingest.auth.EditorialClient;
import reactor.core.publisher.Mono;

/**
 * A client's receipts. Another client's receipt answers exactly as an unknown or malformed id does (404), so that
 * the answer never tells whether an id exists.
 */
@RestController
class ReceiptController {

    static final String PATH = "/api/publishes";

    private final ReceiptStore store;

    ReceiptController(ReceiptStore store) {
        this.store = store;
    }

    @GetMapping(path = PATH + "/{eventId}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Receipt> receipt(@AuthenticationPrincipal EditorialClient client, @PathVariable String eventId) {
        UUID id;
        try {
            id = UUID.fromString(eventId);
        } catch (IllegalArgumentException malformed) {
            return Mono.error(notFound());
        }
        return store.find(id, client.id()).switchIfEmpty(Mono.error(ReceiptController::notFound));
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no publish of yours has this id");
    }
}
