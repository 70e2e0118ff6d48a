package io.zerone.insights.render.rendering;

import java.util.List;

import io.zerone.insights.layout.InsightMeta;

/**
 * What the article templates show. Public only because the precompiled templates live in another package;
 * {@code bodyHtml} is sanitized and {@code jsonLd} script-safe, everything else is escaped by the templates.
 */
public record ArticleView(
        String title,
        String summary,
        String lang,
        String canonicalUrl,
        InsightMeta meta,
        String publishedTime,
        String modifiedTime,
        List<String> tags,
        String jsonLd,
        String bodyHtml) {
}
