package io.zerone.insights.query.sync;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import io.r2dbc.spi.R2dbcException;
import io.zerone.insights.query.sync.SyncToken.Position;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Reads pages of the full sync and of the change log (docs/adr/0018). Each page is read in one read-only REPEATABLE
 * READ transaction: the active generation, the oldest running transaction ({@code pg_snapshot_xmin}) and the rows all
 * come from the same snapshot, so the position a page hands out covers exactly what the page saw.
 */
@Component
class SyncLog {

    /** The token's generation was replaced by a rebuild, or its changes were pruned: only a full sync helps. */
    static final class Expired extends RuntimeException {

        Expired(String message) {
            super(message, null, false, false);
        }
    }

    private static final String UNDEFINED_TABLE = "42P01";

    private static final Pattern GENERATION = Pattern.compile("projection_[0-9]+");

    /** The oldest transaction still running: every entry below it is committed for good or never will be. */
    private static final String ACTIVE = """
            select schema_name, pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin
            from projection_generation where state = 'active'""";

    private record Active(String generation, long xmin) {
    }

    private final DatabaseClient database;
    private final TransactionalOperator snapshot;
    private final SyncRows mapper;

    SyncLog(DatabaseClient database, ReactiveTransactionManager transactions, SyncRows mapper) {
        this.database = database;
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        definition.setReadOnly(true);
        this.snapshot = TransactionalOperator.create(transactions, definition);
        this.mapper = mapper;
    }

    /**
     * The page after the token: of the full sync (no token: from the first live insight; a token still paging: after
     * its slug), otherwise of the changes after its position: at most {@code limit} entries, and no more after the
     * ones whose insights' text already reaches {@code bytes} (at least one entry, however large). The next token
     * continues after the last entry answered, so a page cut short by bytes skips and repeats nothing.
     *
     * @throws Expired (as the Mono's error) for a token of a replaced generation, or one below the pruned horizon
     */
    Mono<Result> page(SyncToken token, int limit, long bytes) {
        return database.sql(ACTIVE).map(row -> new Active(row.get("schema_name", String.class),
                        row.get("xmin", Long.class))).one()
                .flatMap(active -> token == null ? fullSync(active, Position.before(active.xmin()), "", limit, bytes)
                        : horizon(active, token).then(token.inFullSync()
                                ? fullSync(active, token.position(), token.afterSlug(), limit, bytes)
                                : changes(active, token.position(), limit, bytes)))
                .as(snapshot::transactional)
                // a rebuild dropped the generation this snapshot still saw active: the next snapshot sees the new one
                .retryWhen(Retry.max(1).filter(SyncLog::generationDropped));
    }

    private static boolean generationDropped(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof R2dbcException r2dbc && UNDEFINED_TABLE.equals(r2dbc.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** A page of entries, and the token that continues after it. */
    record Result(List<SyncEntry> items, boolean hasMore, SyncToken next) {
    }

    private Mono<Void> horizon(Active active, SyncToken token) {
        if (!active.generation().equals(token.generation())) {
            return Mono.error(new Expired("The projection was rebuilt since this token was issued; "
                    + "start again with a full sync (GET /api/sync without a token)."));
        }
        return database.sql("select xid::text::bigint as xid, seq from " + checked(active.generation())
                        + ".sync_horizon")
                .map(row -> new Position(row.get("xid", Long.class), row.get("seq", Long.class))).one()
                .filter(pruned -> token.position().compareTo(pruned) < 0)
                .flatMap(pruned -> Mono.error(new Expired("The changes since this token are no longer kept; "
                        + "start again with a full sync (GET /api/sync without a token).")));
    }

    /**
     * Live insights by slug. The changes from {@code start} on follow once every page is read: whatever changed while
     * the consumer paged comes again as a change (an upsert or deletion it can apply twice without harm).
     */
    private Mono<Result> fullSync(Active active, Position start, String afterSlug, int limit, long bytes) {
        String query = "select " + SyncRows.INSIGHT_COLUMNS + ", " + SyncRows.SIZE + " as size from "
                + checked(active.generation()) + ".insight where removed_at is null and slug > :after"
                + " order by slug limit :fetch";
        return database.sql(bounded(query, "slug"))
                .bind("after", afterSlug).bind("fetch", limit + 1).bind("limit", limit).bind("bytes", bytes)
                .map(row -> new Kept<>(SyncEntry.upsert(mapper.insight(row)), row.get("fetched", Long.class)))
                .all().collectList()
                .map(rows -> {
                    List<SyncEntry> page = rows.stream().map(Kept::item).toList();
                    if (moreThan(rows)) {
                        return new Result(page, true,
                                new SyncToken(active.generation(), start, page.get(page.size() - 1).slug()));
                    }
                    return new Result(page, false, new SyncToken(active.generation(), start, null));
                });
    }

    /**
     * Entries after {@code after}, of transactions older than the oldest one running only: a transaction still
     * running may commit an entry at a lower position than entries already committed, and a page must never step
     * over it. The current state of each slug is answered, so an entry is an upsert or a deletion as of this page.
     */
    private Mono<Result> changes(Active active, Position after, int limit, long bytes) {
        String generation = checked(active.generation());
        String query = "select c.type, c.slug as changed, c.xid::text::bigint as xid, c.seq, i.*"
                + " from " + generation + ".sync_change c left join lateral (select "
                + SyncRows.INSIGHT_COLUMNS + ", " + SyncRows.SIZE + " as size from " + generation + ".insight"
                + " where c.type = 'insight' and slug = c.slug) i on true"
                + " where (c.xid, c.seq) > (:xid::text::xid8, :seq) and c.xid < :xmin::text::xid8"
                + " order by c.xid, c.seq limit :fetch";
        return database.sql(bounded(query, "xid, seq"))
                .bind("xid", Long.toString(after.xid())).bind("seq", after.seq())
                .bind("xmin", Long.toString(active.xmin())).bind("fetch", limit + 1).bind("limit", limit)
                .bind("bytes", bytes)
                .map(row -> new Kept<>(new Change(new Position(row.get("xid", Long.class), row.get("seq", Long.class)),
                        mapper.change(row)), row.get("fetched", Long.class)))
                .all().collectList()
                .map(rows -> {
                    List<Change> page = rows.stream().map(Kept::item).toList();
                    if (moreThan(rows)) {
                        return new Result(entries(page), true,
                                new SyncToken(active.generation(), page.get(page.size() - 1).position(), null));
                    }
                    // every entry below the oldest running transaction is in this page: continue from there
                    Position next = after.max(Position.before(active.xmin()));
                    return new Result(entries(page), false, new SyncToken(active.generation(), next, null));
                });
    }

    /**
     * Bounds a page by entries and by bytes in one statement: of {@code rows} (at most {@code :fetch}, one more than
     * {@code :limit}, each with its {@code size} in bytes, null for none), the first {@code :limit} whose sizes before
     * them, in page order, sum to less than {@code :bytes}; so always the first row, however large. Each row kept says
     * how many were fetched: more than were kept, and the page has more after its last row.
     */
    private static String bounded(String rows, String order) {
        return "with fetched as (select r.*, row_number() over w as n,"
                + " sum(coalesce(r.size, 0)) over w - coalesce(r.size, 0) as before from (" + rows + ") r"
                + " window w as (order by " + order + " rows unbounded preceding))"
                + " select f.*, (select count(*) from fetched) as fetched from fetched f"
                + " where f.n <= :limit and f.before < :bytes order by f.n";
    }

    /** A row kept on a page, and how many rows its statement fetched. */
    private record Kept<T>(T item, long fetched) {
    }

    private static boolean moreThan(List<? extends Kept<?>> kept) {
        return !kept.isEmpty() && kept.get(0).fetched() > kept.size();
    }

    private record Change(Position position, SyncEntry entry) {
    }

    private static List<SyncEntry> entries(List<Change> changes) {
        return changes.stream().map(Change::entry).toList();
    }

    /** The generation's name goes into SQL as it is: only a generation's name is accepted. */
    static String checked(String generation) {
        if (!GENERATION.matcher(generation).matches()) {
            throw new IllegalStateException("not a projection generation: " + generation);
        }
        return generation;
    }
}
