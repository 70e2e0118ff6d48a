package io.zerone.insights.ingest.idempotency;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The idempotency_key table of schema ingest, over R2DBC. Every statement is atomic on its own. */
@Component
class IdempotencyStore {

    private static final TypeReference<Map<String, List<String>>> HEADERS = new TypeReference<>() {
    };

    /** Where a request finds its key. */
    sealed interface Claim {
    }

    /** The key is this request's now; it must complete or release it. */
    record Claimed(String clientId, String key, UUID token) implements Claim {
    }

    /** Someone has the key: a request in flight (answer null) or a completed one. */
    record Taken(String fingerprint, StoredAnswer answer) implements Claim {
    }

    record StoredAnswer(int status, Map<String, List<String>> headers, String body) {
    }

    /**
     * Takes the key, as new or over a row that no longer counts: one older than the window, or the same request's
     * claim left in flight past the in-flight timeout (its replica died or lost the database meanwhile).
     */
    private static final String CLAIM = """
            insert into ingest.idempotency_key as k (client_id, key, request_fingerprint, claim_token, state, created_at)
            values (:client, :key, :fingerprint, :token, 'in_flight', :now)
            on conflict (client_id, key) do update
               set request_fingerprint = excluded.request_fingerprint, claim_token = excluded.claim_token,
                   state = 'in_flight', status = null, response_headers = null, response_body = null,
                   created_at = excluded.created_at, completed_at = null
             where k.created_at < :expiredBefore
                or (k.state = 'in_flight' and k.created_at < :abandonedBefore
                    and k.request_fingerprint = excluded.request_fingerprint)
            returning claim_token""";

    private final ObjectProvider<DatabaseClient> databases;
    private final IdempotencyProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    /** Without a configured database (R2DBC excluded) every keyed request is refused, never published unchecked. */
    IdempotencyStore(ObjectProvider<DatabaseClient> databases, IdempotencyProperties properties, Clock clock) {
        this.databases = databases;
        this.properties = properties;
        this.json = JsonMapper.builder().build();
        this.clock = clock;
    }

    Mono<Claim> claim(String clientId, String key, String fingerprint) {
        Instant now = clock.instant();
        UUID token = UUID.randomUUID();
        return database().flatMap(db -> db.sql(CLAIM)
                .bind("client", clientId).bind("key", key).bind("fingerprint", fingerprint).bind("token", token)
                .bind("now", now)
                .bind("expiredBefore", now.minus(properties.window()))
                .bind("abandonedBefore", now.minus(properties.inFlightTimeout()))
                .map(row -> row.get("claim_token", UUID.class))
                .one()
                .<Claim>map(claimed -> new Claimed(clientId, key, claimed))
                .switchIfEmpty(Mono.defer(() -> taken(db, clientId, key))));
    }

    /** Empty when the row went away between the claim and this read (its holder released it): claim again. */
    private Mono<Claim> taken(DatabaseClient db, String clientId, String key) {
        return db.sql("""
                        select request_fingerprint, state, status, response_headers::text as headers, response_body
                          from ingest.idempotency_key where client_id = :client and key = :key""")
                .bind("client", clientId).bind("key", key)
                .map(row -> (Claim) new Taken(row.get("request_fingerprint", String.class),
                        "completed".equals(row.get("state", String.class))
                                ? new StoredAnswer(row.get("status", Integer.class),
                                        json.readValue(row.get("headers", String.class), HEADERS),
                                        row.get("response_body", String.class))
                                : null))
                .one();
    }

    Mono<Void> complete(Claimed claim, StoredAnswer answer) {
        return database().flatMap(db -> db.sql("""
                        update ingest.idempotency_key
                           set state = 'completed', status = :status, response_headers = cast(:headers as jsonb),
                               response_body = :body, completed_at = :now
                         where client_id = :client and key = :key and claim_token = :token""")
                .bind("status", answer.status())
                .bind("headers", json.writeValueAsString(answer.headers()))
                .bind("body", answer.body())
                .bind("now", clock.instant())
                .bind("client", claim.clientId()).bind("key", claim.key()).bind("token", claim.token())
                .then());
    }

    /** Gives the key back after a failed attempt, so that the client's retry is a first attempt again. */
    Mono<Void> release(Claimed claim) {
        return database().flatMap(db -> db.sql("""
                        delete from ingest.idempotency_key
                         where client_id = :client and key = :key and claim_token = :token and state = 'in_flight'""")
                .bind("client", claim.clientId()).bind("key", claim.key()).bind("token", claim.token())
                .then());
    }

    /** Deletes every key older than the window; answers how many. */
    Mono<Long> purgeExpired() {
        return database().flatMap(db -> db.sql("delete from ingest.idempotency_key where created_at < :expiredBefore")
                .bind("expiredBefore", clock.instant().minus(properties.window()))
                .fetch().rowsUpdated());
    }

    private Mono<DatabaseClient> database() {
        return Mono.justOrEmpty(databases.getIfAvailable())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no database is configured for idempotency keys")));
    }
}
