package io.zerone.insights.ingest.publishing;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.InsightPublished;
import reactor.core.publisher.Mono;

/**
 * The title each slug was last published with (table ingest.slug_title), so that a slug derived from a title never
 * silently takes the place of another insight. A sent slug always names the insight it revises; a derived one
 * revises only an insight of the same title.
 *
 * <p>Best effort where the database is away, as receipts are: publishing goes on without the check (and without a
 * database at all, without the table). Slugs published before this table existed are learnt at their next publish.
 */
@Component
class SlugTitles {

    private static final Logger log = LoggerFactory.getLogger(SlugTitles.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ObjectProvider<DatabaseClient> databases;
    private final Clock clock;

    SlugTitles(ObjectProvider<DatabaseClient> databases, Clock clock) {
        this.databases = databases;
        this.clock = clock;
    }

    private static final String RECORD = """
            insert into ingest.slug_title as s (slug, title, client_id, updated_at)
            values (:slug, :title, :client, :at)
            on conflict (slug) do update set title = excluded.title, client_id = excluded.client_id,
                                             updated_at = excluded.updated_at""";

    /**
     * Records the event's title for its slug before the event is written; fails with {@link SlugTakenException} when
     * the slug was derived and is another title's. One statement, so two replicas deriving the same slug at once
     * cannot both win. The claim's {@link Claim#undo()} puts the slug back as it was when the write fails.
     */
    Mono<Claim> claim(InsightPublished event, boolean slugDerived) {
        DatabaseClient db = databases.getIfAvailable();
        String slug = event.insight().slug();
        String title = event.insight().title();
        if (db == null) {
            return Mono.just(new Claim(null, slug, title, title));
        }
        // A derived slug updates only its own title's row, so "claimed" is null when another title holds it; the
        // outer select reads the table as it was before the insert, so "holder" is that other title (or the title a
        // sent slug replaced).
        String statement = "with claimed as (" + RECORD + (slugDerived ? " where s.title = excluded.title" : "")
                + " returning s.title) select (select title from claimed) as claimed,"
                + " (select title from ingest.slug_title where slug = :slug) as holder";
        return db.sql(statement)
                .bind("slug", slug).bind("title", title).bind("client", event.source()).bind("at", clock.instant())
                .map(row -> new Outcome(row.get("claimed", String.class), row.get("holder", String.class)))
                .one()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    // one line: while the database is away every publish passes here, and a trace each would bury the log
                    log.warn("could not check the title of slug {}; it is published without the check: {}", slug,
                            e.toString());
                    return Mono.just(new Outcome(title, title));
                })
                .flatMap(outcome -> {
                    if (outcome.claimed() != null) {
                        return Mono.just(new Claim(db, slug, title, outcome.holder()));
                    }
                    // another title took the slug after this statement's snapshot: the next one sees it
                    return outcome.holder() != null ? Mono.error(new SlugTakenException(slug, outcome.holder()))
                            : claim(event, slugDerived);
                });
    }

    /**
     * Records the title again once Kafka acknowledged the event: an unpublish of the slug acknowledged just before
     * (and so written before this publish) may have freed it after the claim.
     */
    Mono<Void> published(InsightPublished event) {
        DatabaseClient db = databases.getIfAvailable();
        if (db == null) {
            return Mono.empty();
        }
        return db.sql(RECORD).bind("slug", event.insight().slug()).bind("title", event.insight().title())
                .bind("client", event.source()).bind("at", clock.instant()).then()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("could not record the title of slug {}: {}", event.insight().slug(), e.toString());
                    return Mono.empty();
                });
    }

    private record Outcome(String claimed, String holder) {
    }

    /** A slug's title as a publish recorded it, and the title it held before (null: none). */
    record Claim(DatabaseClient db, String slug, String title, String previous) {

        /**
         * After a failed write: the slug's title as it was, unless another request changed it since. Best effort: a
         * slug left with a title never published only refuses a derived slug of another title, with a 409 that says
         * to send the slug.
         */
        Mono<Void> undo() {
            if (db == null || title.equals(previous)) {
                return Mono.empty();
            }
            var statement = previous == null
                    ? db.sql("delete from ingest.slug_title where slug = :slug and title = :title")
                    : db.sql("update ingest.slug_title set title = :previous where slug = :slug and title = :title")
                            .bind("previous", previous);
            return statement.bind("slug", slug).bind("title", title).then()
                    .timeout(TIMEOUT)
                    .onErrorResume(e -> {
                        log.warn("could not put back the title of slug {}: {}", slug, e.toString());
                        return Mono.empty();
                    });
        }
    }

    /** Frees an unpublished slug for any title. */
    Mono<Void> unpublish(String slug) {
        DatabaseClient db = databases.getIfAvailable();
        if (db == null) {
            return Mono.empty();
        }
        return db.sql("delete from ingest.slug_title where slug = :slug").bind("slug", slug).then()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("could not free slug {}; a derived slug of another title stays refused: {}", slug, e.toString());
                    return Mono.empty();
                });
    }
}
