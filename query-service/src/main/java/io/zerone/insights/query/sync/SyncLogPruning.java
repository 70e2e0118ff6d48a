package io.zerone.insights.query.sync;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Prunes the active generation's change log to {@code query.sync.retention} and raises its horizon to the last entry
 * pruned, so that a token from before it is answered 410 rather than silently missing a deletion. Only entries below
 * the oldest running transaction are pruned: none can be committed below the horizon afterwards. Every replica prunes;
 * two at once prune the same entries.
 */
@Component
@ConditionalOnBooleanProperty(name = "query.projection.rebuild", havingValue = false, matchIfMissing = true)
class SyncLogPruning {

    private static final Logger log = LoggerFactory.getLogger(SyncLogPruning.class);

    private static final String PRUNE = """
            with cut as (
                select xid, seq from %1$s.sync_change
                where changed_at < now() - make_interval(secs => :retention)
                  and xid < pg_snapshot_xmin(pg_current_snapshot())
                order by xid desc, seq desc limit 1
            ), pruned as (
                delete from %1$s.sync_change c using cut where (c.xid, c.seq) <= (cut.xid, cut.seq)
            )
            insert into %1$s.sync_horizon as horizon (xid, seq) select xid, seq from cut
            on conflict (only_row) do update set xid = excluded.xid, seq = excluded.seq
            where (horizon.xid, horizon.seq) < (excluded.xid, excluded.seq)""";

    private final DatabaseClient database;
    private final SyncSettings settings;

    SyncLogPruning(DatabaseClient database, SyncSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    @Scheduled(initialDelayString = "${query.sync.prune-interval:1h}", fixedDelayString = "${query.sync.prune-interval:1h}")
    void prune() {
        try {
            prune(settings.retention()).block(Duration.ofMinutes(1));
        } catch (RuntimeException e) {
            // the next run prunes what this one could not; meanwhile the log only grows
            log.warn("Could not prune the sync change log: {}", e.toString());
        }
    }

    /** Prunes entries older than {@code retention}. */
    Mono<Void> prune(Duration retention) {
        return database.sql("select schema_name from projection_generation where state = 'active'")
                .map(row -> row.get(0, String.class)).one()
                .flatMap(generation -> database.sql(PRUNE.formatted(SyncLog.checked(generation)))
                        .bind("retention", retention.toMillis() / 1000.0).then());
    }
}
