package io.zerone.insights.render.rendering;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.zerone.insights.layout.Layout;

/** The complete article page: the site layout around this module's head tags and article body. */
final class ArticlePage {

    /** Precompiled into a package of this module, so they cannot clash with site-layout's templates. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null, ContentType.Html, ArticlePage.class.getClassLoader(), "io.zerone.insights.render.jte");

    private ArticlePage() {
    }

    static String render(ArticleView article) {
        // article.jte calls Layout.page(...) itself, as any module's template can
        return Layout.render(output -> TEMPLATES.render("article.jte", article, output));
    }
}
