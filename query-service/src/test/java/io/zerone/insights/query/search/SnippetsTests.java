package io.zerone.insights.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SnippetsTests {

    @Test
    void escapesTheTextAndMarksOnlyTheMatches() {
        String headline = "a <script> & " + Snippets.START + "PgBouncer" + Snippets.STOP + " pool";

        assertThat(Snippets.toHtml(headline)).isEqualTo("a &lt;script&gt; &amp; <mark>PgBouncer</mark> pool");
    }

    @Test
    void theTextSearchMadeForTheParserIsShownAsWritten() {
        String headline = "List<\u0005" + Snippets.START + "Object" + Snippets.STOP + "> in Schema.\u0005org, \u000e"
                + Snippets.START + "cplusplus" + Snippets.STOP + "\u000f and \u000ecsharp\u000f on \u000edotnet\u000f";

        assertThat(Snippets.toHtml(headline))
                .isEqualTo("List&lt;<mark>Object</mark>&gt; in Schema.org, <mark>C++</mark> and C# on .NET");
    }

    @Test
    void aNameAtTheEdgeOfAFragmentKeepsOneOfItsMarksAndTheAuthorsOwnWordNone() {
        assertThat(Snippets.asWritten(Snippets.START + "cplusplus" + Snippets.STOP + "\u000f 17 and later"))
                .isEqualTo(Snippets.START + "C++" + Snippets.STOP + " 17 and later");
        assertThat(Snippets.asWritten("written for \u000efsharp")).isEqualTo("written for F#");
        assertThat(Snippets.asWritten("the dotnet CLI")).isEqualTo("the dotnet CLI");
    }
}
