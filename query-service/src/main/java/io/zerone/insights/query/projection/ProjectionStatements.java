package io.zerone.insights.query.projection;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.InsightMetadata;
import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.events.SearchDocument;
import io.zerone.insights.query.cache.InsightChanges;
import reactor.core.publisher.Mono;

/** The SQL of the projector. Each upsert applies only when the incoming revision is newer than the stored one. */
@Component
class ProjectionStatements {

    private static final String UPSERT_INSIGHT = """
            insert into insight (slug, revision_partition, revision_offset, source_event_id, applied_at,
                                 title, summary, category, published_at, reading_minutes, case_ref, tags, language,
                                 revised_at, page_html, card_html, body_html, content_hash)
            values (:slug, :partition, :offset, :sourceEventId, now(), :title, :summary, :category, :publishedAt,
                    :readingMinutes, :caseRef, :tags, :language, :revisedAt, :pageHtml, :cardHtml, :bodyHtml,
                    :contentHash)
            on conflict (slug) do update set
                revision_partition = excluded.revision_partition, revision_offset = excluded.revision_offset,
                source_event_id = excluded.source_event_id, applied_at = excluded.applied_at,
                removed_at = null, removal_reason = null,
                title = excluded.title, summary = excluded.summary, category = excluded.category,
                published_at = excluded.published_at, reading_minutes = excluded.reading_minutes,
                case_ref = excluded.case_ref, tags = excluded.tags, language = excluded.language,
                revised_at = excluded.revised_at, page_html = excluded.page_html, card_html = excluded.card_html,
                body_html = excluded.body_html, content_hash = excluded.content_hash
            where insight.revision_offset < excluded.revision_offset""";

    private static final String TOMBSTONE = """
            insert into insight (slug, revision_partition, revision_offset, source_event_id, applied_at,
                                 removed_at, removal_reason)
            values (:slug, :partition, :offset, :sourceEventId, now(), :removedAt, :reason)
            on conflict (slug) do update set
                revision_partition = excluded.revision_partition, revision_offset = excluded.revision_offset,
                source_event_id = excluded.source_event_id, applied_at = excluded.applied_at,
                removed_at = excluded.removed_at, removal_reason = excluded.removal_reason,
                page_html = null, card_html = null, body_html = null, content_hash = null
            where insight.revision_offset < excluded.revision_offset""";

    private static final String UPSERT_SEARCH_DOCUMENT = """
            insert into insight_search (slug, language, title, summary, body_text, tags, category, published_at)
            values (:slug, :language, :title, :summary, :bodyText, :tags, :category, :publishedAt)
            on conflict (slug) do update set
                language = excluded.language, title = excluded.title, summary = excluded.summary,
                body_text = excluded.body_text, tags = excluded.tags, category = excluded.category,
                published_at = excluded.published_at""";

    private final DatabaseClient database;

    ProjectionStatements(DatabaseClient database) {
        this.database = database;
    }

    Mono<Boolean> upsertInsight(InsightRendered event) {
        InsightMetadata insight = event.insight();
        GenericExecuteSpec spec = database.sql(UPSERT_INSIGHT)
                .bind("slug", insight.slug())
                .bind("partition", event.revision().partition())
                .bind("offset", event.revision().offset())
                .bind("sourceEventId", event.sourceEventId())
                .bind("title", insight.title())
                .bind("summary", insight.summary())
                .bind("category", insight.category())
                .bind("publishedAt", insight.publishedAt())
                .bind("readingMinutes", insight.readingMinutes())
                .bind("tags", insight.tags().toArray(String[]::new))
                .bind("language", insight.language())
                .bind("revisedAt", event.revisedAt())
                .bind("pageHtml", event.pageHtml())
                .bind("cardHtml", event.cardHtml())
                .bind("bodyHtml", ArticleBody.of(event.pageHtml()))
                .bind("contentHash", event.contentHash());
        spec = insight.caseRef() == null ? spec.bindNull("caseRef", String.class) : spec.bind("caseRef", insight.caseRef());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    Mono<Boolean> tombstone(InsightRemoved event) {
        GenericExecuteSpec spec = database.sql(TOMBSTONE)
                .bind("slug", event.slug())
                .bind("partition", event.revision().partition())
                .bind("offset", event.revision().offset())
                .bind("sourceEventId", event.sourceEventId())
                .bind("removedAt", event.occurredAt());
        spec = event.reason() == null ? spec.bindNull("reason", String.class) : spec.bind("reason", event.reason());
        return spec.fetch().rowsUpdated().map(rows -> rows > 0);
    }

    Mono<Void> upsertSearchDocument(InsightRendered event) {
        SearchDocument document = event.searchDocument();
        Instant publishedAt = event.insight().publishedAt();
        return database.sql(UPSERT_SEARCH_DOCUMENT)
                .bind("slug", event.slug())
                .bind("language", document.language())
                .bind("title", document.title())
                .bind("summary", document.summary())
                .bind("bodyText", document.bodyText())
                .bind("tags", String.join(" ", document.tags()))
                .bind("category", document.category())
                .bind("publishedAt", publishedAt)
                .then();
    }

    Mono<Void> deleteSearchDocument(String slug) {
        return database.sql("delete from insight_search where slug = :slug").bind("slug", slug).then();
    }

    /** Delivered by PostgreSQL at commit, and only if the transaction commits. */
    Mono<Void> notifyChange(String slug) {
        return database.sql("select pg_notify(:channel, :slug)")
                .bind("channel", InsightChanges.CHANNEL)
                .bind("slug", slug)
                .then();
    }
}
