package io.zerone.insights.query.projection;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.InsightTakenDown;
import io.zerone.insights.events.Revision;
import io.zerone.insights.events.RevisionScheduled;
import io.zerone.insights.events.RevisionSuperseded;
import io.zerone.insights.events.RevisionWentLive;
import io.zerone.insights.events.StatusEvent;
import io.zerone.insights.events.Topics;

/**
 * Sends the status outbox to {@link Topics#INSIGHT_STATUS} (docs/adr/0020): takes the oldest rows no other replica's
 * relay holds ({@code for update skip locked}), sends them keyed by slug, waits for the broker's acknowledgements and
 * deletes them, in one transaction. At least once: a relay that dies between the acknowledgements and the commit sends
 * its rows again (with the same eventIds). A row is sent only when no older row of its slug is held by another relay,
 * so each slug's statuses reach its partition in outbox order. Woken by this replica's projector after each commit
 * that wrote statuses, and every {@link #POLL_MILLIS} ms for rows another replica left. Not run by the rebuild.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class StatusRelay implements SmartLifecycle {

    /** How long a relay waits without a wake-up: the delay of rows whose own replica's relay died. */
    static final long POLL_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(StatusRelay.class);
    private static final int BATCH = 500;
    private static final long ACK_TIMEOUT_SECONDS = 10;
    private static final long MAX_BACK_OFF_MILLIS = 5_000;

    /**
     * The oldest rows no other relay holds, less those of a slug with an older row outside them (another relay holds
     * it). Each part is one pass over the outbox: the statement this replaced checked every held row against the whole
     * table in a nested loop, which the planner chose from the statistics of an outbox that is empty between bursts
     * (4.2 ms a call at 200 publishes/s, the third of the projection's statements by time).
     */
    private static final String TAKE = """
            with held as (
                select id, event_id, created_at, type, slug, source_event_id, revision_partition, revision_offset, at,
                       superseded_by_partition, superseded_by_offset
                from public.status_outbox order by id limit :limit for update skip locked
            ), waiting as (
                select slug, min(id) as older
                from public.status_outbox
                where slug in (select slug from held) and id not in (select id from held)
                group by slug
            )
            select held.* from held left join waiting using (slug)
            where waiting.older is null or held.id < waiting.older
            order by held.id""";

    private final ProjectorDatabase database;
    private final NamedParameterJdbcTemplate jdbc;
    private final StatusOutbox outbox;
    private final KafkaOperations<Object, Object> kafka;
    private final CloudEventCodec codec = new CloudEventCodec();
    private volatile Thread thread;

    StatusRelay(ProjectorDatabase database, StatusOutbox outbox, KafkaOperations<Object, Object> kafka) {
        this.database = database;
        this.jdbc = database.jdbc();
        this.outbox = outbox;
        this.kafka = kafka;
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, "status-relay");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        Thread running = thread;
        thread = null;
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(ACK_TIMEOUT_SECONDS + 5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    private void run() {
        long backOff = 0;
        while (thread == Thread.currentThread()) {
            try {
                if (backOff > 0) {
                    Thread.sleep(backOff);
                }
                if (relay(() -> { }) == 0) {
                    outbox.awaitWritten(POLL_MILLIS);
                }
                backOff = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (thread != Thread.currentThread()) {
                    return;
                }
                backOff = Math.min(Math.max(2 * backOff, POLL_MILLIS), MAX_BACK_OFF_MILLIS);
                log.warn("could not relay the status outbox, trying again in {} ms: {}", backOff, e.toString());
            }
        }
    }

    /**
     * Sends one batch of the outbox and deletes it; {@code beforeDelete} runs once the broker acknowledged every
     * record (a test kills the relay there). Returns how many statuses were sent.
     */
    int relay(Runnable beforeDelete) {
        return database.transaction().execute(status -> {
            List<Row> rows = jdbc.query(TAKE, Map.of("limit", BATCH), (row, n) -> Row.of(row));
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
            for (Row row : rows) {
                acks.add(send(codec.toRecord(Topics.INSIGHT_STATUS, row.event())));
            }
            try {
                CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                        .get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the broker acknowledged statuses", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the broker did not acknowledge the statuses", e);
            }
            beforeDelete.run();
            jdbc.update("delete from public.status_outbox where id = any(:ids)", new MapSqlParameterSource("ids",
                    ProjectionStatements.array("bigint", rows.stream().map(Row::id).toArray(Long[]::new))));
            return rows.size();
        });
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private CompletableFuture<?> send(ProducerRecord<String, byte[]> record) {
        return kafka.send((ProducerRecord) record);
    }

    /** A row of the outbox and the status event it stands for. */
    private record Row(long id, StatusEvent event) {

        static Row of(ResultSet row) throws SQLException {
            UUID eventId = row.getObject("event_id", UUID.class);
            Instant created = row.getTimestamp("created_at").toInstant();
            UUID source = row.getObject("source_event_id", UUID.class);
            Revision revision = new Revision(row.getInt("revision_partition"), row.getLong("revision_offset"));
            String slug = row.getString("slug");
            String type = row.getString("type");
            StatusEvent event = switch (type) {
                case "live" -> new RevisionWentLive(eventId, created, source, revision, slug, at(row));
                case "scheduled" -> new RevisionScheduled(eventId, created, source, revision, slug, at(row));
                case "taken-down" -> new InsightTakenDown(eventId, created, source, revision, slug, at(row));
                case "superseded" -> new RevisionSuperseded(eventId, created, source, revision, slug,
                        new Revision(row.getInt("superseded_by_partition"), row.getLong("superseded_by_offset")));
                default -> throw new IllegalStateException("unknown status in the outbox: " + type);
            };
            return new Row(row.getLong("id"), event);
        }

        private static Instant at(ResultSet row) throws SQLException {
            return row.getTimestamp("at").toInstant();
        }
    }
}
