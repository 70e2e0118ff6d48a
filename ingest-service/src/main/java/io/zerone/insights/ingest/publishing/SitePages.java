package io.zerone.insights.ingest.publishing;

import java.net.URI;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.zerone.insights.ingest.receipts.ReceiptsProperties;

/**
 * Where the site (query-service) shows what ingest publishes: absolute URLs under its public base URL
 * ({@code insights.ingest.receipts.site-url}, the one render-service writes into pages). A {@code Location} must be one
 * a client can GET: resolved against ingest, a relative {@code /api/insights/{slug}} named an address that answers 405.
 * Empty where no base URL is configured.
 */
@Component
public class SitePages {

    private final String base;

    SitePages(ReceiptsProperties properties) {
        this.base = Optional.ofNullable(properties.siteUrl())
                .map(site -> site.toString().replaceAll("/+$", ""))
                .filter(site -> !site.isBlank())
                .orElse(null);
    }

    /** The page of the insight under this slug. */
    public Optional<URI> insight(String slug) {
        return at("/insights/" + slug);
    }

    /** The page of the case under this number. */
    public Optional<URI> caseOf(String number) {
        return at("/cases/" + number);
    }

    private Optional<URI> at(String path) {
        return Optional.ofNullable(base).map(site -> URI.create(site + path));
    }
}
