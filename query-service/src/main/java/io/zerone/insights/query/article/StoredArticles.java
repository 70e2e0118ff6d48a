package io.zerone.insights.query.article;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.zerone.insights.query.web.Precompressed;
import reactor.core.publisher.Mono;

/** The article pages as the projector stored them: the page, its ETag and the same page compressed. */
@Component
class StoredArticles {

    /** What is cached per slug: the stored page ready to send, or none for an unpublished insight (410). */
    record Article(Precompressed page) {

        boolean removed() {
            return page == null;
        }
    }

    private final DatabaseClient database;

    StoredArticles(DatabaseClient database) {
        this.database = database;
    }

    Mono<Article> find(String slug) {
        return database.sql("select removed_at is not null as removed, page_html, page_gzip, page_br, content_hash"
                        + " from insight where slug = :slug")
                .bind("slug", slug)
                .map(row -> new Article(Boolean.TRUE.equals(row.get("removed", Boolean.class)) ? null
                        : Precompressed.page(row.get("page_html", String.class), row.get("content_hash", String.class),
                                row.get("page_gzip", byte[].class), row.get("page_br", byte[].class))))
                .one();
    }
}
