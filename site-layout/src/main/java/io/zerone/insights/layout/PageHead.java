package io.zerone.insights.layout;

import static java.util.Objects.requireNonNull;

import gg.jte.Content;

/**
 * What a page puts in its {@code <head>}. {@code description} and {@code canonicalUrl} may be null (a 404 page has
 * no canonical URL); {@code extraHead} carries page-specific tags such as OpenGraph or JSON-LD and may be null.
 */
public record PageHead(String title, String description, String canonicalUrl, String lang, Content extraHead) {

    public PageHead {
        requireNonNull(title, "title");
        requireNonNull(lang, "lang");
    }

    public PageHead(String title, String description, String canonicalUrl, String lang) {
        this(title, description, canonicalUrl, lang, null);
    }
}
