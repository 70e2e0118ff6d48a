package io.zerone.insights.ingest.publishing;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.ingest.auth.EditorialClients;
import reactor.core.publisher.Mono;

/** The publishing API. Every answer comes after Kafka acknowledged the event, never earlier. */
@RestController
@RequestMapping("/api/insights")
class InsightController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final EditorialClients clients;
    private final JsonBodies bodies;
    private final Publishing publishing;

    InsightController(EditorialClients clients, JsonBodies bodies, Publishing publishing) {
        this.clients = clients;
        this.bodies = bodies;
        this.publishing = publishing;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Accepted>> publish(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            ServerHttpRequest request) {
        String client = clients.authenticate(authorization);
        return bodies.read(request)
                .flatMap(json -> publishing.publish(client, idempotencyKey, json))
                .map(event -> ResponseEntity.accepted()
                        .location(URI.create("/api/insights/" + event.slug()))
                        .body(Accepted.of(event)));
    }

    @DeleteMapping(path = "/{slug}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Accepted>> unpublish(
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @PathVariable String slug,
            @RequestParam(required = false) String reason) {
        String client = clients.authenticate(authorization);
        return publishing.unpublish(client, idempotencyKey, slug, reason)
                .map(event -> ResponseEntity.accepted().body(Accepted.of(event)));
    }

    record Accepted(UUID eventId, String slug, String status) {

        static Accepted of(InsightEvent event) {
            return new Accepted(event.eventId(), event.slug(), "accepted");
        }
    }
}
