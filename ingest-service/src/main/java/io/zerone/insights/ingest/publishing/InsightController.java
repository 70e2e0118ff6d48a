package io.zerone.insights.ingest.publishing;

import java.net.URI;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.events.InsightEvent;
import io.zerone.insights.ingest.auth.EditorialClient;
import io.zerone.insights.ingest.idempotency.IdempotentRequests;
import reactor.core.publisher.Mono;

/**
 * The publishing API. Every answer comes after Kafka acknowledged the event, never earlier. A request is validated
 * before its Idempotency-Key is claimed, so a rejected request leaves the key unused.
 */
@RestController
@RequestMapping("/api/insights")
class InsightController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final JsonBodies bodies;
    private final Publishing publishing;
    private final IdempotentRequests idempotency;

    InsightController(JsonBodies bodies, Publishing publishing, IdempotentRequests idempotency) {
        this.bodies = bodies;
        this.publishing = publishing;
        this.idempotency = idempotency;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> publish(@AuthenticationPrincipal EditorialClient client,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            ServerHttpRequest request) {
        return bodies.read(request).flatMap(json -> {
            InsightEvent event = publishing.publication(client.id(), idempotencyKey, json);
            return idempotency.once(client.id(), idempotencyKey, fingerprint(request, json.toString()),
                    () -> publishing.write(event).map(written -> ResponseEntity.accepted()
                            .location(URI.create("/api/insights/" + written.slug()))
                            .body(Accepted.of(written))));
        });
    }

    @DeleteMapping(path = "/{slug}", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> unpublish(@AuthenticationPrincipal EditorialClient client,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @PathVariable String slug,
            @RequestParam(required = false) String reason,
            ServerHttpRequest request) {
        InsightEvent event = publishing.unpublication(client.id(), idempotencyKey, slug, reason);
        return idempotency.once(client.id(), idempotencyKey, fingerprint(request, ""),
                () -> publishing.write(event).map(written -> ResponseEntity.accepted().body(Accepted.of(written))));
    }

    private static String fingerprint(ServerHttpRequest request, String body) {
        String query = request.getURI().getRawQuery();
        String target = request.getURI().getRawPath() + (query == null ? "" : "?" + query);
        return IdempotentRequests.fingerprint(request.getMethod().name(), target, body);
    }

    record Accepted(UUID eventId, String slug, String status) {

        static Accepted of(InsightEvent event) {
            return new Accepted(event.eventId(), event.slug(), "accepted");
        }
    }
}
