package io.zerone.insights.ingest.publishing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import io.zerone.insights.events.InsightPublished;
import reactor.core.publisher.Mono;

/**
 * The title each slug was last published with (table ingest.slug_title), so that a slug derived from a title never
 * silently takes the place of another insight. A sent slug always names the insight it revises; a derived one
 * revises only an insight of the same title.
 *
 * <p>It also keeps the date the slug's insight was published at, so that a revision sent without {@code publishedAt}
 * keeps its insight's date instead of taking the time of the revision (a corrected typo would move the insight to the
 * top of the listing and the feed). An unpublish forgets both: a later publish of the slug is a new insight.
 *
 * <p>Best effort where the database is away, as receipts are: publishing goes on without the check (and without a
 * database at all, without the table), and a revision without a date is dated now. Slugs published before this table
 * (or its date) existed are learnt at their next publish.
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
            insert into ingest.slug_title as s (slug, title, client_id, updated_at, published_at)
            values (:slug, :title, :client, :at, :publishedAt)
            on conflict (slug) do update set title = excluded.title, client_id = excluded.client_id,
                                             updated_at = excluded.updated_at,
                                             published_at = %s""";

    /**
     * Records the event's title (and date) for its slug before the event is written; fails with
     * {@link SlugTakenException} when the slug was derived and is another title's. One statement, so two replicas
     * deriving the same slug at once cannot both win. The claim's {@link Claim#event()} is the event to write: dated
     * as the slug's insight already is when the request sent no date. Its {@link Claim#undo()} puts the slug back as
     * it was when the write fails.
     */
    Mono<Claim> claim(InsightPublished event, boolean slugDerived, boolean dateSent) {
        DatabaseClient db = databases.getIfAvailable();
        String slug = event.insight().slug();
        String title = event.insight().title();
        if (db == null) {
            return Mono.just(new Claim(null, event, null, title, null));
        }
        Instant at = clock.instant();
        // A derived slug updates only its own title's row, so "claimed" is null when another title holds it; the
        // outer select reads the table as it was before the insert, so "holder" is that other title (or the title a
        // sent slug replaced) and "held_published_at" its date.
        String record = RECORD.formatted(dateSent ? "excluded.published_at"
                : "coalesce(s.published_at, excluded.published_at)");
        String statement = "with claimed as (" + record + (slugDerived ? " where s.title = excluded.title" : "")
                + " returning s.title, s.published_at) select (select title from claimed) as claimed,"
                + " (select published_at from claimed) as published_at,"
                + " (select title from ingest.slug_title where slug = :slug) as holder,"
                + " (select published_at from ingest.slug_title where slug = :slug) as held_published_at";
        return db.sql(statement)
                .bind("slug", slug).bind("title", title).bind("client", event.source()).bind("at", at)
                .bind("publishedAt", event.insight().publishedAt())
                .map(row -> new Outcome(row.get("claimed", String.class), row.get("published_at", Instant.class),
                        row.get("holder", String.class), row.get("held_published_at", Instant.class)))
                .one()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    // one line: while the database is away every publish passes here, and a trace each would bury the log
                    log.warn("could not check the title of slug {}; it is published without the check: {}", slug,
                            e.toString());
                    return Mono.just(new Outcome(title, event.insight().publishedAt(), null, null));
                })
                .flatMap(outcome -> {
                    if (outcome.claimed() != null) {
                        InsightPublished dated = outcome.publishedAt() == null
                                || outcome.publishedAt().equals(event.insight().publishedAt()) ? event
                                : dated(event, outcome.publishedAt());
                        return Mono.just(new Claim(db, dated, at, outcome.holder(), outcome.heldPublishedAt()));
                    }
                    // another title took the slug after this statement's snapshot: the next one sees it
                    return outcome.holder() != null ? Mono.error(new SlugTakenException(slug, outcome.holder()))
                            : claim(event, slugDerived, dateSent);
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
        return db.sql(RECORD.formatted("excluded.published_at")).bind("slug", event.insight().slug())
                .bind("title", event.insight().title()).bind("client", event.source()).bind("at", clock.instant())
                .bind("publishedAt", event.insight().publishedAt()).then()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("could not record the title of slug {}: {}", event.insight().slug(), e.toString());
                    return Mono.empty();
                });
    }

    private static InsightPublished dated(InsightPublished event, Instant publishedAt) {
        return new InsightPublished(event.eventId(), event.occurredAt(), event.source(),
                event.insight().withPublishedAt(publishedAt), event.body());
    }

    private record Outcome(String claimed, Instant publishedAt, String holder, Instant heldPublishedAt) {
    }

    /**
     * A slug's title and date as a publish recorded them at {@code at} (null: not recorded, the database is away), the
     * event to write, and the title and date the slug held before (null: none).
     */
    record Claim(DatabaseClient db, InsightPublished event, Instant at, String previous, Instant previousPublishedAt) {

        /**
         * After a failed write: the slug's title and date as they were, unless another request changed them since.
         * Best effort: a slug left with a title never published only refuses a derived slug of another title, with a
         * 409 that says to send the slug.
         */
        Mono<Void> undo() {
            if (db == null) {
                return Mono.empty();
            }
            String slug = event.insight().slug();
            var statement = previous == null
                    ? db.sql("delete from ingest.slug_title where slug = :slug and updated_at = :at")
                    : db.sql("update ingest.slug_title set title = :previous, published_at = :previousPublishedAt"
                                    + " where slug = :slug and updated_at = :at")
                            .bind("previous", previous)
                            .bind("previousPublishedAt", Parameters.in(R2dbcType.TIMESTAMP_WITH_TIME_ZONE,
                                    previousPublishedAt));
            return statement.bind("slug", slug).bind("at", at).then()
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
