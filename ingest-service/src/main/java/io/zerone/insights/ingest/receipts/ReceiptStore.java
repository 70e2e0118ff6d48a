package io.zerone.insights.ingest.receipts;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The receipt table of schema ingest, over R2DBC. Every statement is atomic on its own. */
@Component
class ReceiptStore {

    private static final TypeReference<List<Receipt.Step>> STEPS = new TypeReference<>() {
    };

    /** Moves the receipt on only to a higher rank, so that each state (and its time) is recorded once at most. */
    private static final String ADVANCE = """
            update ingest.receipt
               set state = :state, rank = :rank,
                   reason = coalesce(:reason, reason), scheduled_for = coalesce(:scheduledFor, scheduled_for),
                   steps = steps || jsonb_build_array(jsonb_build_object('state', cast(:stepState as text),
                                                                         'at', cast(:stepAt as text)))
             where event_id = :eventId and rank < :newRank""";

    private final ObjectProvider<DatabaseClient> databases;
    private final ReceiptsProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock;

    /** Without a configured database (R2DBC excluded) there are no receipts: publishing goes on without them. */
    ReceiptStore(ObjectProvider<DatabaseClient> databases, ReceiptsProperties properties, Clock clock) {
        this.databases = databases;
        this.properties = properties;
        this.clock = clock;
    }

    /** Whether receipts are kept at all; the listeners run only then. */
    public boolean available() {
        return databases.getIfAvailable() != null;
    }

    /** Writes the receipt of an accepted request; a second write of the same event (a retry) changes nothing. */
    Mono<Void> accept(UUID eventId, String clientId, String slug, String kind, Instant at) {
        return database().flatMap(db -> db.sql("""
                        insert into ingest.receipt
                               (event_id, client_id, slug, kind, state, rank, steps, accepted_at)
                        values (:eventId, :client, :slug, :kind, 'accepted', 0,
                                jsonb_build_array(jsonb_build_object('state', 'accepted', 'at', cast(:at as text))),
                                :acceptedAt)
                        on conflict (event_id) do nothing""")
                .bind("eventId", eventId).bind("client", clientId).bind("slug", slug).bind("kind", kind)
                .bind("at", at.toString()).bind("acceptedAt", at)
                .then());
    }

    /** Answers whether the receipt moved: false when it is unknown or already at this rank or past it. */
    Mono<Boolean> advance(UUID eventId, ReceiptState state, Instant at, String reason, Instant scheduledFor) {
        return database().flatMap(db -> {
            GenericExecuteSpec update = db.sql(ADVANCE)
                    .bind("state", state.value()).bind("rank", state.rank()).bind("newRank", state.rank())
                    .bind("stepState", state.value()).bind("stepAt", at.toString())
                    .bind("eventId", eventId);
            update = reason == null ? update.bindNull("reason", String.class) : update.bind("reason", reason);
            update = scheduledFor == null ? update.bindNull("scheduledFor", Instant.class)
                    : update.bind("scheduledFor", scheduledFor);
            return update.fetch().rowsUpdated().map(rows -> rows > 0);
        });
    }

    /** The client's own receipt; empty for another client's, as for an unknown one. */
    Mono<Receipt> find(UUID eventId, String clientId) {
        return database().flatMap(db -> db.sql("""
                        select slug, kind, state, reason, scheduled_for, steps::text as steps
                          from ingest.receipt where event_id = :eventId and client_id = :client""")
                .bind("eventId", eventId).bind("client", clientId)
                .map(row -> new Receipt(eventId, row.get("slug", String.class), row.get("kind", String.class),
                        row.get("state", String.class), row.get("reason", String.class),
                        row.get("scheduled_for", Instant.class),
                        json.readValue(row.get("steps", String.class), STEPS)))
                .one());
    }

    Mono<ReceiptState> state(UUID eventId) {
        return database().flatMap(db -> db.sql("select state from ingest.receipt where event_id = :eventId")
                .bind("eventId", eventId)
                .map(row -> ReceiptState.of(row.get("state", String.class)))
                .one());
    }

    /** Deletes every receipt older than the retention; answers how many. */
    Mono<Long> purgeExpired() {
        return database().flatMap(db -> db.sql("delete from ingest.receipt where accepted_at < :before")
                .bind("before", clock.instant().minus(properties.retention()))
                .fetch().rowsUpdated());
    }

    private Mono<DatabaseClient> database() {
        return Mono.justOrEmpty(databases.getIfAvailable())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no database is configured for receipts")));
    }
}
