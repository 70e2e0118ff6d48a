package io.zerone.insights.ingest.receipts;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The receipt table of schema ingest, over R2DBC. Every statement is atomic on its own. */
@Component
class ReceiptStore {

    private static final TypeReference<List<Receipt.Step>> STEPS = new TypeReference<>() {
    };

    /**
     * Moves each receipt on only to a higher rank, so that each state (and its time) is recorded once at most. One
     * statement for many moves; an event appears at most once in it (an update touches a row once).
     */
    private static final String ADVANCE = """
            update ingest.receipt r
               set state = m.state, rank = m.rank,
                   reason = coalesce(m.reason, r.reason),
                   scheduled_for = coalesce(cast(m.scheduled_for as timestamptz), r.scheduled_for),
                   steps = r.steps || jsonb_build_array(jsonb_build_object('state', m.state, 'at', m.at))
              from unnest(cast(:eventIds as uuid[]), cast(:states as text[]), cast(:ranks as integer[]),
                          cast(:ats as text[]), cast(:reasons as text[]), cast(:scheduledFor as text[]))
                   as m (event_id, state, rank, at, reason, scheduled_for)
             where r.event_id = m.event_id and r.rank < m.rank""";

    /** What PostgreSQL's timestamptz holds of an instant written as ISO-8601 text: the years 1 to 9999. */
    private static final Instant FIRST_STORABLE = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant PAST_STORABLE = Instant.parse("+10000-01-01T00:00:00Z");

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

    /**
     * The time as PostgreSQL reads it back, null for one it cannot hold (years 1 to 9999 only): a status event naming
     * "+10000-01-01" failed the whole poll's statement, and the listener, retrying it, never moved a receipt again.
     * Compared as instants: the year of one in the last year an Instant holds (+1000000000) is past what an
     * OffsetDateTime holds, and asking for it threw, with the same effect.
     */
    static String storable(Instant scheduledFor) {
        if (scheduledFor == null) {
            return null;
        }
        return scheduledFor.isBefore(FIRST_STORABLE) || !scheduledFor.isBefore(PAST_STORABLE) ? null
                : scheduledFor.toString();
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

    /**
     * Applies moves in their order; answers how many moved a receipt. Moves of distinct events go in one statement;
     * an event's second move in the same list (scheduled, then live) goes in a second round, and so on, so that
     * each is weighed against the rank its predecessor left, as one statement per move would.
     */
    Mono<Long> advance(List<ReceiptProgress.Move> moves) {
        List<List<ReceiptProgress.Move>> rounds = new ArrayList<>();
        Map<UUID, Integer> seen = new HashMap<>();
        for (ReceiptProgress.Move move : moves) {
            int round = seen.merge(move.eventId(), 1, Integer::sum) - 1;
            if (round == rounds.size()) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(move);
        }
        return database().flatMap(db -> Flux.fromIterable(rounds)
                .concatMap(round -> db.sql(ADVANCE)
                        .bind("eventIds", round.stream().map(ReceiptProgress.Move::eventId).toArray(UUID[]::new))
                        .bind("states", round.stream().map(m -> m.state().value()).toArray(String[]::new))
                        .bind("ranks", round.stream().map(m -> m.state().rank()).toArray(Integer[]::new))
                        .bind("ats", round.stream().map(m -> m.at().toString()).toArray(String[]::new))
                        .bind("reasons", round.stream().map(ReceiptProgress.Move::reason).toArray(String[]::new))
                        .bind("scheduledFor", round.stream().map(m -> storable(m.scheduledFor()))
                                .toArray(String[]::new))
                        .fetch().rowsUpdated())
                .reduce(0L, Long::sum));
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
