package io.zerone.insights.query.preview;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/** The previews' table (V8): pages by the SHA-256 of their token, each until it expires. */
@Component
class StoredPreviews {

    private final DatabaseClient database;
    private final TransactionalOperator transaction;

    StoredPreviews(DatabaseClient database, TransactionalOperator transaction) {
        this.database = database;
        this.transaction = transaction;
    }

    /**
     * Stores a page once: a second copy of the same preview (at least once) has the same bytes and changes nothing.
     * The listener's offset is committed once this completes: the commit waits until PostgreSQL flushed it, even on
     * a server with {@code synchronous_commit=off} (the dev stack's, the fault run's), where a crash within ~200 ms
     * of the commit would lose the preview for good.
     */
    Mono<Void> save(String token, String pageHtml, Instant expiresAt) {
        return database.sql("set local synchronous_commit = on").then()
                .then(database.sql("insert into preview (token_sha256, page_html, expires_at)"
                                + " values (:token, :page, :expires) on conflict (token_sha256) do nothing")
                        .bind("token", sha256(token))
                        .bind("page", pageHtml)
                        .bind("expires", expiresAt)
                        .then())
                .as(transaction::transactional);
    }

    /** The page, unless it expired (whether or not the cleanup has deleted it yet). */
    Mono<String> find(String token) {
        return database.sql("select page_html from preview where token_sha256 = :token and expires_at > now()")
                .bind("token", sha256(token))
                .map(row -> row.get("page_html", String.class))
                .one();
    }

    Mono<Long> deleteExpired() {
        return database.sql("delete from preview where expires_at <= now()").fetch().rowsUpdated();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
