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

    /**
     * Records the event's title for its slug; fails with {@link SlugTakenException} when the slug was derived and the
     * slug is another title's. One statement, so two replicas deriving the same slug at once cannot both win.
     */
    Mono<Void> publish(InsightPublished event, boolean slugDerived) {
        DatabaseClient db = databases.getIfAvailable();
        if (db == null) {
            return Mono.empty();
        }
        // A derived slug updates only its own title's row, so "claimed" is null when another title holds it; the
        // outer select reads the table as it was before the insert, so "holder" is that other title.
        String statement = """
                with claimed as (
                    insert into ingest.slug_title as s (slug, title, client_id, updated_at)
                    values (:slug, :title, :client, :at)
                    on conflict (slug) do update set title = excluded.title, client_id = excluded.client_id,
                                                     updated_at = excluded.updated_at
                    %s
                    returning s.title)
                select (select title from claimed) as claimed,
                       (select title from ingest.slug_title where slug = :slug) as holder
                """.formatted(slugDerived ? "where s.title = excluded.title" : "");
        String slug = event.insight().slug();
        return db.sql(statement)
                .bind("slug", slug).bind("title", event.insight().title()).bind("client", event.source())
                .bind("at", clock.instant())
                .map(row -> new Claim(row.get("claimed", String.class), row.get("holder", String.class)))
                .one()
                .timeout(TIMEOUT)
                .onErrorResume(e -> {
                    log.warn("could not check the title of slug {}; it is published without the check", slug, e);
                    return Mono.just(new Claim(event.insight().title(), null));
                })
                .flatMap(claim -> {
                    if (claim.claimed() != null) {
                        return Mono.empty();
                    }
                    // another title took the slug after this statement's snapshot: the next one sees it
                    return claim.holder() != null ? Mono.error(new SlugTakenException(slug, claim.holder()))
                            : publish(event, slugDerived);
                });
    }

    private record Claim(String claimed, String holder) {
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
                    log.warn("could not free slug {}; a derived slug of another title stays refused", slug, e);
                    return Mono.empty();
                });
    }
}
