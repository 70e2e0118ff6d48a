package io.zerone.insights.query.sync;

import java.net.URI;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zerone.insights.query.web.DatabaseUnavailable;
import io.zerone.insights.query.web.Params;
import io.zerone.insights.query.web.Problems;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/sync}: the live insights, page by page, then {@code GET /api/sync?token=} for what changed since
 * (docs/adr/0018). Never cached: the same token answers more once more has changed.
 */
@RestController
class SyncApi {

    private static final URI FULL_SYNC = URI.create("/api/sync");

    private final SyncLog log;
    private final SyncTokens tokens;
    private final SyncSettings settings;
    private final DatabaseUnavailable unavailable;

    SyncApi(SyncLog log, SyncTokens tokens, SyncSettings settings, DatabaseUnavailable unavailable) {
        this.log = log;
        this.tokens = tokens;
        this.settings = settings;
        this.unavailable = unavailable;
    }

    @GetMapping("/api/sync")
    Mono<ResponseEntity<SyncEntry.Page>> sync(@RequestParam(required = false) String token,
            @RequestParam(required = false) String limit) {
        int pageSize = Params.limit(limit, settings.pageSize(), settings.pageSize());
        SyncToken from;
        try {
            from = token == null ? null : tokens.decode(token);
        } catch (SyncTokens.InvalidToken e) {
            return Mono.error(problem(HttpStatus.BAD_REQUEST, "token is not a sync token this API gave out: "
                    + e.getMessage()));
        }
        return log.page(from, pageSize, settings.pageBytes().toBytes())
                .map(page -> ResponseEntity.ok().cacheControl(CacheControl.noStore())
                        .body(new SyncEntry.Page(page.items(), page.hasMore(), tokens.encode(page.next()))))
                .onErrorMap(SyncLog.Expired.class, expired -> problem(HttpStatus.GONE, expired.getMessage()))
                .onErrorMap(unavailable::translateRead);
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        ErrorResponseException problem = Problems.problem(status, detail);
        if (status == HttpStatus.GONE) {
            problem.getBody().setProperty("fullSync", FULL_SYNC);
        }
        problem.getHeaders().setCacheControl(CacheControl.noStore());
        return problem;
    }
}
