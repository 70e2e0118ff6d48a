package io.zerone.insights.layout;

import static java.util.Objects.requireNonNull;

/**
 * A listing card: the meta line, the title, the summary and a "Read insight" link to {@code href}. {@code lang} is the
 * insight's language (a BCP 47 tag): listings are English, so a card in another language says which.
 */
public record Card(String href, String title, String summary, InsightMeta meta, String lang) {

    public Card {
        requireNonNull(href, "href");
        requireNonNull(title, "title");
        requireNonNull(summary, "summary");
        requireNonNull(meta, "meta");
        requireNonNull(lang, "lang");
    }

    /** A card of an English insight. */
    public Card(String href, String title, String summary, InsightMeta meta) {
        this(href, title, summary, meta, Language.ENGLISH.tag());
    }
}
