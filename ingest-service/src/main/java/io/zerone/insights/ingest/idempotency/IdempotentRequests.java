package io.zerone.insights.ingest.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import io.zerone.insights.ingest.idempotency.IdempotencyStore.Claimed;
import io.zerone.insights.ingest.idempotency.IdempotencyStore.StoredAnswer;
import io.zerone.insights.ingest.idempotency.IdempotencyStore.Taken;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a request at most once per client and Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the
 * first request claims the key; a retry of the same request gets the original answer replayed; the same key with
 * another request is refused with 422, and while the first is still in flight with 409. An attempt that fails
 * (Kafka did not acknowledge, anything else) or that its client abandons gives the key back, so that its retry runs as
 * a first attempt.
 */
@Component
public class IdempotentRequests {

    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);

    /** What a replay repeats besides status and body; the rest (RateLimit, dates) belongs to the new answer. */
    private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.LINK);

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private final IdempotencyStore store;
    private final IdempotencyProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();

    IdempotentRequests(IdempotencyStore store, IdempotencyProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /**
     * @param key the request's Idempotency-Key; without one the action simply runs
     * @param fingerprint what makes two requests the same one, see {@link #fingerprint}
     */
    public Mono<ResponseEntity<?>> once(String clientId, String key, String fingerprint,
            Supplier<Mono<? extends ResponseEntity<?>>> action) {
        if (key == null) {
            return Mono.defer(action);
        }
        return Mono.defer(() -> {
            // The claim's statement runs to its end whatever the client does: a cancel while it ran left the key
            // claimed by nobody (a client that gave up after 10 ms got 409 for its retries until the in-flight
            // timeout). A claim that this request no longer takes over, cancelled or timed out, is given back once
            // the statement has answered.
            CompletableFuture<IdempotencyStore.Claim> claiming = claim(clientId, key, fingerprint, 3).toFuture();
            return Mono.fromFuture(claiming, true)
                    .timeout(properties.storeTimeout(),
                            Mono.error(() -> new IdempotencyStoreUnavailableException(new TimeoutException())))
                    .doOnError(e -> releaseOnceClaimed(claiming))
                    .doOnCancel(() -> releaseOnceClaimed(claiming))
                    .flatMap(claim -> answer(claim, fingerprint, action));
        });
    }

    private Mono<ResponseEntity<?>> answer(IdempotencyStore.Claim claim, String fingerprint,
            Supplier<Mono<? extends ResponseEntity<?>>> action) {
        if (claim instanceof Claimed claimed) {
            return run(claimed, action);
        }
        Taken taken = (Taken) claim;
        if (!taken.fingerprint().equals(fingerprint)) {
            return Mono.error(new IdempotencyKeyReusedException());
        }
        if (taken.answer() == null) {
            return Mono.error(new IdempotencyKeyInFlightException());
        }
        return Mono.just(replay(taken.answer()));
    }

    /** A second release, after the request's own (run's), deletes nothing: it is only ever the claim's own row. */
    private void releaseOnceClaimed(CompletableFuture<IdempotencyStore.Claim> claiming) {
        claiming.thenAccept(claim -> {
            if (claim instanceof Claimed claimed) {
                release(claimed).subscribe();
            }
        });
    }

    /**
     * The fingerprint of a request with a JSON body: its method, raw path and query, and the body in a canonical form,
     * its objects' properties sorted by name at every depth. JSON does not order an object's properties, and a client
     * that sends the same request again may serialize it in another order: that retry is the same request, not a 422.
     * (Fingerprints stored before properties were sorted differ from these; such a key in flight at a deploy answers
     * its retry 422 until it expires.)
     */
    public static String fingerprint(ServerHttpRequest request, JsonNode body) {
        return fingerprint(request, CANONICAL.writeValueAsString(body));
    }

    /** The fingerprint of a request: its method, raw path and query, and the body as the service read it. */
    public static String fingerprint(ServerHttpRequest request, String body) {
        String query = request.getURI().getRawQuery();
        String target = request.getURI().getRawPath() + (query == null ? "" : "?" + query);
        return fingerprint(request.getMethod().name(), target, body);
    }

    /** SHA-256 over method, path with query, and the body as the service read it (canonical JSON, or empty). */
    public static String fingerprint(String method, String pathAndQuery, String body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + pathAndQuery + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private Mono<IdempotencyStore.Claim> claim(String clientId, String key, String fingerprint, int attempts) {
        // each attempt bounded by the store timeout, as the request's own wait is: a claim that outlived its request
        // by the in-flight timeout held a pooled connection that long, and ten of them (the pool) starved every other
        // statement of the service
        return store.claim(clientId, key, fingerprint)
                .timeout(properties.storeTimeout())
                .onErrorMap(e -> new IdempotencyStoreUnavailableException(e))
                // the holder released the key between our insert and our read: claim again, a few times at most
                .switchIfEmpty(Mono.defer(() -> attempts > 1 ? claim(clientId, key, fingerprint, attempts - 1)
                        : Mono.error(new IdempotencyKeyInFlightException())));
    }

    private Mono<ResponseEntity<?>> run(Claimed claimed, Supplier<Mono<? extends ResponseEntity<?>>> action) {
        return Mono.defer(action)
                .<ResponseEntity<?>>flatMap(answer -> store.complete(claimed, stored(answer))
                        .timeout(properties.storeTimeout())
                        // the event is on Kafka: the client gets its answer; a retry meets the in-flight claim
                        // (409) until the in-flight timeout, and is then published again with the same eventId
                        .onErrorResume(e -> {
                            log.warn("could not record the answer for Idempotency-Key {} of {}", claimed.key(),
                                    claimed.clientId(), e);
                            return Mono.empty();
                        })
                        .thenReturn(answer))
                .onErrorResume(failure -> release(claimed).then(Mono.error(failure)))
                .doOnCancel(() -> release(claimed).subscribe());
    }

    private Mono<Void> release(Claimed claimed) {
        return store.release(claimed)
                .timeout(properties.storeTimeout())
                .onErrorResume(e -> {
                    log.warn("could not release Idempotency-Key {} of {}; it frees itself after the in-flight timeout",
                            claimed.key(), claimed.clientId(), e);
                    return Mono.empty();
                });
    }

    private StoredAnswer stored(ResponseEntity<?> answer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        REPLAYED_HEADERS.forEach(name -> {
            List<String> values = answer.getHeaders().get(name);
            if (values != null) {
                headers.put(name, values);
            }
        });
        return new StoredAnswer(answer.getStatusCode().value(), headers,
                answer.getBody() == null ? null : json.writeValueAsString(answer.getBody()));
    }

    private static ResponseEntity<?> replay(StoredAnswer answer) {
        ResponseEntity.BodyBuilder replay = ResponseEntity.status(HttpStatusCode.valueOf(answer.status()));
        answer.headers().forEach((name, values) -> replay.header(name, values.toArray(String[]::new)));
        if (answer.body() == null) {
            return replay.build();
        }
        // the stored JSON as it was sent the first time, byte for byte
        return replay.contentType(MediaType.APPLICATION_JSON).body(answer.body());
    }
}
