package io.zerone.insights.query.article;

import java.util.List;

/**
 * What an article page shows below the article, composed at read time (docs/adr/0025): links to the pages of its
 * tags and up to three related insights. Public for the precompiled template. {@code lang} is the article's language:
 * the block is the site's English text, marked as such on a page in another language.
 */
public record RelatedView(List<TagLink> tags, List<Link> related, String lang) {

    public record TagLink(String name, String href) {
    }

    /** A related insight: its page, title, category, date ("2026-04-18") and language. */
    public record Link(String href, String title, String category, String date, String lang) {
    }
}
