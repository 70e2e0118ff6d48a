package io.zerone.insights.query.projection;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The body HTML the JSON API returns, cut once from the stored page: the contract carries the complete page, not
 * the body alone. Looks for the element render-service marks, then the article, then main.
 */
final class ArticleBody {

    private static final String[] CANDIDATES = {"article.insight > div.body", "[data-insight-body]", "article", "main"};

    private ArticleBody() {
    }

    static String of(String pageHtml) {
        Document page = Jsoup.parse(pageHtml);
        for (String selector : CANDIDATES) {
            Element element = page.selectFirst(selector);
            if (element != null) {
                return element.html();
            }
        }
        return page.body().html();
    }
}
