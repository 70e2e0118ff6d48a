package io.zerone.insights.query.article;

import java.util.List;

/**
 * What an article page shows below the article, composed at read time (docs/adr/0025): links to the pages of its
 * tags and up to three related insights. Public for the precompiled template.
 */
public record RelatedView(List<TagLink> tags, List<Link> related) {

    public record TagLink(String name, String href) {
    }

    /** A related insight: its page, title, category and date ("2026-04-18"). */
    public record Link(String href, String title, String category, String date) {
    }
}
