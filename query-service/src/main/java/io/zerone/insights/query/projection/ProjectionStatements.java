package io.zerone.insights.query.projection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

import io.zerone.insights.events.InsightRemoved;
import io.zerone.insights.events.InsightRendered;
import io.zerone.insights.layout.CaseLinks;
import io.zerone.insights.query.cache.InsightChanges;

/**
 * The set-based SQL that changes the read model, each statement one round trip whatever the batch size: rows travel
 * as arrays and come back as a table through {@code unnest}. Table names are unqualified: the caller's transaction
 * has set the search path to the generation it writes ({@link ProjectionLedger}). Each upsert applies only when the
 * incoming revision is newer than the stored one.
 */
@Component
class ProjectionStatements {

    private static final String UPSERT_INSIGHTS = """
            insert into insight (slug, revision_partition, revision_offset, source_event_id, applied_at,
                                 removed_at, removal_reason, title, summary, category, published_at, reading_minutes,
                                 case_ref, tags, language, revised_at, page_html, card_html, body_html, content_hash,
                                 page_gzip, page_br, was_live)
            select slug, revision_partition, revision_offset, source_event_id, now(), null, null, title, summary,
                   category, published_at, reading_minutes, case_ref, tags::text[], language, revised_at, page_html,
                   card_html, body_html, content_hash,
                   page_gzip, page_br, true
            from unnest(:slugs::text[], :partitions::integer[], :offsets::bigint[], :sourceEventIds::uuid[],
                        :titles::text[], :summaries::text[], :categories::text[], :publishedAt::timestamptz[],
                        :readingMinutes::integer[], :caseRefs::text[], :tags::text[], :languages::text[],
                        :revisedAt::timestamptz[], :pageHtml::text[], :cardHtml::text[], :bodyHtml::text[],
                        :contentHashes::text[],
                        :pageGzip::bytea[], :pageBrotli::bytea[])
                 as incoming (slug, revision_partition, revision_offset, source_event_id, title, summary, category,
                              published_at, reading_minutes, case_ref, tags, language, revised_at, page_html,
                              card_html, body_html, content_hash,
                              page_gzip, page_br)
            on conflict (slug) do update set
                revision_partition = excluded.revision_partition, revision_offset = excluded.revision_offset,
                source_event_id = excluded.source_event_id, applied_at = excluded.applied_at,
                removed_at = null, removal_reason = null,
                title = excluded.title, summary = excluded.summary, category = excluded.category,
                published_at = excluded.published_at, reading_minutes = excluded.reading_minutes,
                case_ref = excluded.case_ref, tags = excluded.tags, language = excluded.language,
                revised_at = excluded.revised_at, page_html = excluded.page_html, card_html = excluded.card_html,
                body_html = excluded.body_html, content_hash = excluded.content_hash,
                page_gzip = excluded.page_gzip, page_br = excluded.page_br, was_live = true
            where insight.revision_offset < excluded.revision_offset
            returning slug""";

    private static final String UPSERT_SEARCH_DOCUMENTS = """
            insert into insight_search (slug, language, title, summary, body_text, tags, category, published_at)
            select * from unnest(:slugs::text[], :languages::text[], :titles::text[], :summaries::text[],
                                 :bodyTexts::text[], :tags::text[], :categories::text[], :publishedAt::timestamptz[])
            on conflict (slug) do update set
                language = excluded.language, title = excluded.title, summary = excluded.summary,
                body_text = excluded.body_text, tags = excluded.tags, category = excluded.category,
                published_at = excluded.published_at""";

    /**
     * Tombstones, and the search documents of the insights that became one, in one statement. A tombstone keeps only
     * its revision, the removal and whether the slug was ever live ({@code was_live}, kept from the row it replaces):
     * one that took a live insight down answers 410, one of a slug never live (a DELETE of a mistyped slug, an insight
     * withdrawn before its scheduled instant) 404. A replay that skipped the slug's superseded revisions cannot tell
     * the two apart; the rebuild's switch takes the active generation's answer ({@link GenerationTables#copyWasLive}).
     */
    private static final String REMOVE = """
            with removed as (
                insert into insight (slug, revision_partition, revision_offset, source_event_id, applied_at,
                                     removed_at, removal_reason, was_live)
                select slug, revision_partition, revision_offset, source_event_id, now(), removed_at, removal_reason,
                       false
                from unnest(:slugs::text[], :partitions::integer[], :offsets::bigint[], :sourceEventIds::uuid[],
                            :removedAt::timestamptz[], :reasons::text[])
                     as incoming (slug, revision_partition, revision_offset, source_event_id, removed_at,
                                  removal_reason)
                on conflict (slug) do update set
                    revision_partition = excluded.revision_partition, revision_offset = excluded.revision_offset,
                    source_event_id = excluded.source_event_id, applied_at = excluded.applied_at,
                    removed_at = excluded.removed_at, removal_reason = excluded.removal_reason,
                    title = null, summary = null, category = null, published_at = null, reading_minutes = null,
                    case_ref = null, tags = '{}', language = null, revised_at = null,
                    page_html = null, card_html = null, body_html = null, content_hash = null,
                    page_gzip = null, page_br = null
                where insight.revision_offset < excluded.revision_offset
                returning slug, was_live
            ), unsearchable as (
                delete from insight_search where slug in (select slug from removed)
            )
            select slug, was_live from removed""";

    /**
     * The kept counters (docs/adr/0013): the statement triggers of {@code insight} wrote what each statement of the
     * batch changed into {@code insight_count_change}; this moves it into {@code insight_count}, last in the batch, so
     * that concurrent batches hold the shared counter rows only for the moment before their commit, and in counter
     * order, so that they never wait for each other in a cycle. The number of cases is not among them: it counts
     * published cases, which the case projector keeps ({@link CaseProjector}). {@code left_at} only moves forward: the
     * latest time an insight left the counter, which its feed's {@code <updated>} cannot be earlier than (V20).
     */
    private static final String FOLD_COUNTS = """
            with changes as (
                delete from insight_count_change returning facet, value, change, left_at
            ), summed as (
                select facet, value, sum(change) as change, max(left_at) as left_at from changes group by facet, value
                having sum(change) <> 0 or max(left_at) is not null
            )
            insert into insight_count as kept (facet, value, insights, left_at)
            select facet, value, change, left_at from summed order by facet, value
            on conflict (facet, value) do update set insights = kept.insights + excluded.insights,
                left_at = greatest(kept.left_at, excluded.left_at)""";

    private final NamedParameterJdbcTemplate jdbc;

    private final CaseReferences cases;

    ProjectionStatements(ProjectorDatabase database, CaseReferences cases) {
        this.jdbc = database.jdbc();
        this.cases = cases;
    }

    /**
     * Emits the slugs whose insight the statement changed: newer revisions only. The compressed pages come from the
     * batch, which compressed them before the transaction began, unless the page links to a published case: then it is
     * stored resolved ({@link CaseLinks}), and compressed again here.
     */
    List<String> upsertInsights(List<InsightRendered> events, Function<InsightRendered, CompressedPage> compressed) {
        if (events.isEmpty()) {
            return List.of();
        }
        Map<String, String> published = cases.publishedForShare(
                events.stream().map(e -> e.insight().caseRef()).filter(Objects::nonNull).toList());
        List<StoredPage> stored = events.stream().map(e -> StoredPage.of(e, published, compressed)).toList();
        var params = new MapSqlParameterSource()
                .addValue("slugs", text(events, InsightRendered::slug))
                .addValue("partitions", array("integer", events.stream().map(e -> e.revision().partition())
                        .toArray(Integer[]::new)))
                .addValue("offsets", array("bigint", events.stream().map(e -> e.revision().offset())
                        .toArray(Long[]::new)))
                .addValue("sourceEventIds", array("uuid", events.stream().map(InsightRendered::sourceEventId)
                        .toArray(UUID[]::new)))
                .addValue("titles", text(events, e -> e.insight().title()))
                .addValue("summaries", text(events, e -> e.insight().summary()))
                .addValue("categories", text(events, e -> e.insight().category()))
                .addValue("publishedAt", text(events, e -> instant(e.insight().publishedAt())))
                .addValue("readingMinutes", array("integer", events.stream().map(e -> e.insight().readingMinutes())
                        .toArray(Integer[]::new)))
                .addValue("caseRefs", text(events, e -> e.insight().caseRef()))
                .addValue("tags", text(events, e -> arrayLiteral(e.insight().tags())))
                .addValue("languages", text(events, e -> e.insight().language()))
                .addValue("revisedAt", text(events, e -> instant(e.revisedAt())))
                .addValue("pageHtml", text(stored, StoredPage::pageHtml))
                .addValue("cardHtml", text(stored, StoredPage::cardHtml))
                .addValue("bodyHtml", text(events, e -> ArticleBody.of(e.pageHtml())))
                .addValue("contentHashes", text(stored, StoredPage::contentHash));
        List<CompressedPage> pages = stored.stream().map(StoredPage::compressed).toList();
        params.addValue("pageGzip", array("bytea", pages.stream().map(CompressedPage::gzip).toArray(byte[][]::new)))
                .addValue("pageBrotli", array("bytea", pages.stream().map(CompressedPage::brotli)
                        .toArray(byte[][]::new)));
        return jdbc.queryForList(UPSERT_INSIGHTS, params, String.class);
    }

    void upsertSearchDocuments(List<InsightRendered> events) {
        if (events.isEmpty()) {
            return;
        }
        jdbc.update(UPSERT_SEARCH_DOCUMENTS, new MapSqlParameterSource()
                .addValue("slugs", text(events, InsightRendered::slug))
                .addValue("languages", text(events, e -> searchLanguage(e.searchDocument().language())))
                .addValue("titles", text(events, e -> e.searchDocument().title()))
                .addValue("summaries", text(events, e -> e.searchDocument().summary()))
                .addValue("bodyTexts", text(events, e -> e.searchDocument().bodyText()))
                .addValue("tags", text(events, e -> String.join(" ", e.searchDocument().tags())))
                .addValue("categories", text(events, e -> e.searchDocument().category()))
                .addValue("publishedAt", text(events, e -> instant(e.insight().publishedAt()))));
    }

    /** A tombstone the statement wrote, and whether its slug was ever live (it answers 410, else 404). */
    record Removal(String slug, boolean wasLive) {
    }

    /** Emits the tombstones the statement wrote: newer revisions only. */
    List<Removal> remove(List<InsightRemoved> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        return jdbc.query(REMOVE, new MapSqlParameterSource()
                .addValue("slugs", text(events, InsightRemoved::slug))
                .addValue("partitions", array("integer", events.stream().map(e -> e.revision().partition())
                        .toArray(Integer[]::new)))
                .addValue("offsets", array("bigint", events.stream().map(e -> e.revision().offset())
                        .toArray(Long[]::new)))
                .addValue("sourceEventIds", array("uuid", events.stream().map(InsightRemoved::sourceEventId)
                        .toArray(UUID[]::new)))
                .addValue("removedAt", text(events, e -> instant(e.occurredAt())))
                .addValue("reasons", text(events, InsightRemoved::reason)),
                (row, n) -> new Removal(row.getString("slug"), row.getBoolean("was_live")));
    }

    /** Brings the kept counters up to date with every statement of the batch so far; one round trip. */
    void foldCounts() {
        jdbc.update(FOLD_COUNTS, Map.of());
    }

    /** Delivered by PostgreSQL at commit, in this order, and only if the transaction commits. */
    void notifyChange(List<String> payloads) {
        jdbc.query("select pg_notify(:channel, payload)::text from unnest(:payloads) with ordinality p (payload, n) "
                + "order by n", Map.of("channel", InsightChanges.CHANNEL,
                "payloads", array("text", payloads.toArray(String[]::new))), (row, n) -> null);
    }

    /**
     * An insight's page and card as stored: as rendered, or with "From Case NN" linked while case NN is published. The
     * ETag changes with the bytes, so that a client's copy of the other form is not confirmed as current.
     */
    record StoredPage(String pageHtml, String cardHtml, String contentHash, CompressedPage compressed) {

        static StoredPage of(InsightRendered event, Map<String, String> published,
                Function<InsightRendered, CompressedPage> compressed) {
            String page = CaseLinks.resolve(event.pageHtml(), published);
            String card = CaseLinks.resolve(event.cardHtml(), published);
            return page.equals(event.pageHtml())
                    ? new StoredPage(page, card, event.contentHash(), compressed.apply(event))
                    : resolved(page, card);
        }

        static StoredPage resolved(String page, String card) {
            return new StoredPage(page, card, contentHash(page), CompressedPage.of(page));
        }

        /**
         * The hash render-service gives a page (SHA-256 of its UTF-8 bytes, all of it), so that a page resolved back
         * to its rendered form, when its case is unpublished, gets its rendered ETag back too.
         */
        static String contentHash(String page) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(page.getBytes(StandardCharsets.UTF_8));
                return "sha256-" + HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
    }

    private static <T> SqlArrayValue text(List<T> events, Function<T, String> column) {
        return array("text", events.stream().map(column).toArray(String[]::new));
    }

    static SqlArrayValue array(String type, Object[] values) {
        return new SqlArrayValue(type, values);
    }

    /**
     * A text[] literal: a column of arrays cannot travel as a two-dimensional array, because unnest would flatten it,
     * so each row's tags travel as one literal and are cast back per row.
     */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder("{");
        for (String value : values) {
            literal.append(literal.length() == 1 ? "\"" : ",\"");
            value.chars().forEach(c -> {
                if (c == '"' || c == '\\') {
                    literal.append('\\');
                }
                literal.append((char) c);
            });
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    private static String instant(Instant instant) {
        return instant.toString();
    }

    /**
     * The language a search document is stemmed in: the tag's primary language, so that German written in Austria or
     * Switzerland ({@code de-AT}, {@code de-CH}) is stemmed as German (the search columns test for {@code de}).
     */
    static String searchLanguage(String tag) {
        int dash = tag.indexOf('-');
        return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}
