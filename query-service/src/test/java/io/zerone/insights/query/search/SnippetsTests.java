package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTests {

    @Test
    void escapesTheTextAndMarksOnlyTheMatches() {
        String headline = "a <script> & " + Snippets.START + "PgBouncer" + Snippets.STOP + " pool";

        assertThat(Snippets.toHtml(headline)).isEqualTo("a &lt;script&gt; &amp; <mark>PgBouncer</mark> pool");
    }
}
