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
 * Sends the status outbox to {@link Topics#INSIGHT_STATUS} (docs/adr/0020): one relay at a time across the replicas
 * (a transaction-level advisory lock) takes the oldest rows, sends them keyed by slug, waits for the broker's
 * acknowledgements and deletes them, in one transaction. At least once: a relay that dies between the
 * acknowledgements and the commit sends its rows again (with the same eventIds). Since no other relay sends
 * meanwhile, each slug's statuses reach its partition in outbox order. Woken by this replica's projector after each
 * commit that wrote statuses, and every {@link #POLL_MILLIS} ms for rows another replica left. Not run by the rebuild.
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

    /** How long a relay waits when another replica's relay holds the outbox: it relays the rows of both. */
    static final long BUSY_MILLIS = 50;

    /** What {@link #relay} answers when another replica's relay holds the outbox. */
    static final int BUSY = -1;

    /**
     * Whether this transaction may relay: one relay at a time, so that a slug's statuses go out in outbox order
     * without any relay checking the others' rows. It replaced {@code for update skip locked} with a check, per row
     * taken, for an older row of its slug that another relay held: a join the planner chose from the statistics of
     * an outbox that is empty between bursts, and ran as a nested loop of every row taken against the whole outbox
     * once the outbox filled (210 ms a take, a quarter of PostgreSQL's time, loading 1,000,000 insights).
     */
    static final String LOCK_KEY = "insights.status-relay";
    private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext('" + LOCK_KEY + "'))";

    /**
     * The longest the relay's transaction may sit idle (waiting for the broker) before PostgreSQL ends its session and
     * so releases the lock: a relay whose host vanished without closing its connection would otherwise hold every
     * replica's statuses until TCP keepalive noticed, hours later. Three times the wait for the acknowledgements.
     */
    private static final String IDLE_LIMIT = "set local idle_in_transaction_session_timeout = '30s'";

    /** The oldest rows: one ordered read of the primary key (or of the table, when it is small). */
    private static final String TAKE = """
            select id, event_id, created_at, type, slug, source_event_id, revision_partition, revision_offset, at,
                   superseded_by_partition, superseded_by_offset
            from public.status_outbox order by id limit :limit""";

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
                int sent = relay(() -> { });
                if (sent == BUSY) {
                    Thread.sleep(BUSY_MILLIS);
                } else if (sent == 0) {
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
     * record (a test kills the relay there). Returns how many statuses were sent, or {@link #BUSY}.
     */
    int relay(Runnable beforeDelete) {
        return database.transaction().execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.getJdbcTemplate().queryForObject(LOCK, Boolean.class))) {
                return BUSY;
            }
            List<Row> rows = jdbc.query(TAKE, Map.of("limit", BATCH), (row, n) -> Row.of(row));
            if (rows.isEmpty()) {
                return 0;
            }
            // only a relay with rows to send waits inside its transaction: an idle poll commits at once
            jdbc.getJdbcTemplate().execute(IDLE_LIMIT);
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
