package io.zerone.insights.render.rendering;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.zerone.insights.layout.Layout;
import io.zerone.insights.layout.PageHead;

/** The complete article page: the site layout around this module's head tags and article body. */
final class ArticlePage {

    /** Precompiled into a package of this module, so they cannot clash with site-layout's templates. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null, ContentType.Html, ArticlePage.class.getClassLoader(), "io.zerone.insights.render.jte");

    private ArticlePage() {
    }

    static String render(ArticleView article) {
        Content head = output -> TEMPLATES.render("article-head.jte", article, output);
        Content body = output -> TEMPLATES.render("article-body.jte", article, output);
        PageHead pageHead = new PageHead(
                article.title() + " · ZERONE Insights", article.summary(), article.canonicalUrl(), article.lang(), head);
        return Layout.render(Layout.page(pageHead, body));
    }
}
