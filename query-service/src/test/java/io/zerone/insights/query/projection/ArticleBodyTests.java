package io.zerone.insights.query.projection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArticleBodyTests {

    @Test
    void takesTheBodyDivOfRenderServicesArticle() {
        String page = "<!DOCTYPE html><html><head><title>t</title></head><body><main><article class=\"insight\">"
                + "<header><h1>Title</h1></header><div class=\"body\"><p>The <em>body</em>.</p></div></article>"
                + "</main></body></html>";

        assertThat(ArticleBody.of(page)).isEqualTo("<p>The <em>body</em>.</p>");
    }

    @Test
    void fallsBackToTheMainElement() {
        assertThat(ArticleBody.of("<html><body><main><p>Only main</p></main></body></html>"))
                .isEqualTo("<p>Only main</p>");
    }
}
