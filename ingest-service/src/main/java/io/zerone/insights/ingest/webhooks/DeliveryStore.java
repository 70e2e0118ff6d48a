package io.zerone.insights.ingest.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The delivery table of schema ingest, over R2DBC: the outbox the listeners write and the dispatchers of every replica
 * work off. All times are the database's ({@code now()}), so replicas whose clocks drift agree on what is due.
 */
@Component
class DeliveryStore {

    /** One statement for a whole batch of records; a row already there (the record read again) is kept as it is. */
    private static final String RECORD = """
            insert into ingest.webhook_delivery
                   (webhook_id, subscriber, event_type, slug, source_event_id, payload, state, next_attempt_at, created_at)
            select w, s, t, g, cast(e as uuid), p, 'pending', now(), now()
              from unnest(cast(:ids as text[]), cast(:subscribers as text[]), cast(:types as text[]),
                          cast(:slugs as text[]), cast(:sources as text[]), cast(:payloads as text[])) as r(w, s, t, g, e, p)
            on conflict (webhook_id, subscriber) do nothing""";

    /**
     * Takes, per subscriber, its oldest due rows, at most as many as it has room for, and leases them: their next
     * attempt moves past the lease, so no other replica takes them while this one's attempt is in flight, and another
     * one will if this one dies before it records the outcome. Each subscriber's share is its own: a backlog (or a
     * subscriber that hangs) cannot take another subscriber's room.
     */
    private static final String CLAIM = """
            update ingest.webhook_delivery d
               set next_attempt_at = now() + make_interval(secs => :leaseSeconds)
              from (select due.id
                      from unnest(cast(:subscribers as text[]), cast(:rooms as int[])) as s(subscriber, room)
                     cross join lateral (select id from ingest.webhook_delivery
                                          where state = 'pending' and next_attempt_at <= now()
                                            and subscriber = s.subscriber
                                          order by next_attempt_at
                                          limit s.room
                                          for update skip locked) due) due
             where d.id = due.id
            returning d.id, d.webhook_id, d.subscriber, d.event_type, d.payload, d.attempts""";

    /** The outcome of one attempt; only by the replica that holds the attempt (the attempts it claimed at). */
    private static final String ATTEMPTED = """
            update ingest.webhook_delivery
               set attempts = attempts + 1, last_status = :status, last_error = :error, last_attempt_at = now(),
                   state = :state,
                   next_attempt_at = case when :retry then now() + make_interval(secs => :delaySeconds) end,
                   delivered_at = case when :delivered then now() end
             where id = :id and attempts = :attempts and state = 'pending'""";

    private static final String COLUMNS = """
            id, webhook_id, subscriber, event_type, slug, source_event_id, state, attempts, last_status, last_error,
            next_attempt_at, last_attempt_at, created_at, delivered_at""";

    private final ObjectProvider<DatabaseClient> databases;

    DeliveryStore(ObjectProvider<DatabaseClient> databases) {
        this.databases = databases;
    }

    /** Without a database (R2DBC excluded) there is nowhere to keep deliveries: webhooks stay off. */
    boolean available() {
        return databases.getIfAvailable() != null;
    }

    /** Writes a row per notification and subscriber that wants it; answers how many were new. */
    Mono<Long> record(List<Notification> notifications, List<WebhookProperties.Subscriber> subscribers) {
        List<String> ids = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> slugs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        for (Notification notification : notifications) {
            for (WebhookProperties.Subscriber subscriber : subscribers) {
                if (subscriber.wants(notification.type())) {
                    ids.add(notification.webhookId());
                    urls.add(subscriber.url().toString());
                    types.add(notification.type().value());
                    slugs.add(notification.slug());
                    sources.add(notification.sourceEventId().toString());
                    payloads.add(notification.payload());
                }
            }
        }
        if (ids.isEmpty()) {
            return Mono.just(0L);
        }
        return database().flatMap(db -> db.sql(RECORD)
                .bind("ids", ids.toArray(String[]::new)).bind("subscribers", urls.toArray(String[]::new))
                .bind("types", types.toArray(String[]::new)).bind("slugs", slugs.toArray(String[]::new))
                .bind("sources", sources.toArray(String[]::new)).bind("payloads", payloads.toArray(String[]::new))
                .fetch().rowsUpdated());
    }

    /**
     * Claims due rows: for each subscriber (URL) at most its room (positive) of them, its oldest first, all in one
     * statement.
     */
    Flux<Claimed> claimDue(Map<String, Integer> rooms, Duration lease) {
        return database().flatMapMany(db -> db.sql(CLAIM)
                .bind("leaseSeconds", (double) lease.toMillis() / 1000)
                .bind("subscribers", rooms.keySet().toArray(String[]::new))
                .bind("rooms", rooms.values().toArray(Integer[]::new))
                .map(row -> new Claimed(row.get("id", Long.class), row.get("webhook_id", String.class),
                        row.get("subscriber", String.class), row.get("event_type", String.class),
                        row.get("payload", String.class), row.get("attempts", Integer.class)))
                .all());
    }

    /**
     * Records an attempt's outcome.
     *
     * @param state {@code delivered}, {@code pending} (to be tried again after the delay) or {@code failed}
     */
    Mono<Void> attempted(Claimed delivery, String state, Integer status, String error, Duration delay) {
        return database().flatMap(db -> {
            GenericExecuteSpec update = db.sql(ATTEMPTED)
                    .bind("id", delivery.id()).bind("attempts", delivery.attempts()).bind("state", state)
                    .bind("retry", "pending".equals(state)).bind("delivered", "delivered".equals(state))
                    .bind("delaySeconds", delay == null ? 0.0 : (double) delay.toMillis() / 1000);
            update = status == null ? update.bindNull("status", Integer.class) : update.bind("status", status);
            update = error == null ? update.bindNull("error", String.class) : update.bind("error", error);
            return update.then();
        });
    }

    /** The log, newest first; every state when {@code state} is null. */
    Flux<Delivery> list(String state, int limit) {
        return database().flatMapMany(db -> {
            GenericExecuteSpec select = db.sql("select " + COLUMNS + " from ingest.webhook_delivery"
                    + (state == null ? "" : " where state = :state") + " order by id desc limit :limit")
                    .bind("limit", limit);
            return (state == null ? select : select.bind("state", state)).map(DeliveryStore::delivery).all();
        });
    }

    /**
     * Makes a delivered or failed delivery due again, now, with the same webhook-id and body; answers the row. A
     * pending one is left as it is (its retries are under way, an attempt maybe in flight): answers nothing.
     */
    Mono<Delivery> redeliver(long id) {
        return database().flatMap(db -> db.sql("update ingest.webhook_delivery"
                        + " set state = 'pending', next_attempt_at = now(), attempts = 0"
                        + " where id = :id and state <> 'pending' returning " + COLUMNS)
                .bind("id", id).map(DeliveryStore::delivery).one());
    }

    /** The delivery of this id, if there is one. */
    Mono<Delivery> find(long id) {
        return database().flatMap(db -> db.sql("select " + COLUMNS + " from ingest.webhook_delivery where id = :id")
                .bind("id", id).map(DeliveryStore::delivery).one());
    }

    /** Deletes delivered and failed deliveries created longer than the retention ago; answers how many. */
    Mono<Long> purgeSettled(Duration retention) {
        return database().flatMap(db -> db.sql("delete from ingest.webhook_delivery where state <> 'pending'"
                        + " and created_at < now() - make_interval(secs => :retentionSeconds)")
                .bind("retentionSeconds", (double) retention.toSeconds())
                .fetch().rowsUpdated());
    }

    private static Delivery delivery(Readable row) {
        return new Delivery(row.get("id", Long.class), row.get("webhook_id", String.class),
                WebhookProperties.Subscriber.redact(java.net.URI.create(row.get("subscriber", String.class))),
                row.get("event_type", String.class), row.get("slug", String.class),
                row.get("source_event_id", UUID.class), row.get("state", String.class),
                row.get("attempts", Integer.class), row.get("last_status", Integer.class),
                row.get("last_error", String.class), row.get("next_attempt_at", Instant.class),
                row.get("last_attempt_at", Instant.class), row.get("created_at", Instant.class),
                row.get("delivered_at", Instant.class));
    }

    private Mono<DatabaseClient> database() {
        return Mono.justOrEmpty(databases.getIfAvailable())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no database is configured for webhooks")));
    }

    /** A leased due row: what an attempt needs. */
    record Claimed(long id, String webhookId, String subscriber, String eventType, String payload, int attempts) {
    }
}
