package io.zerone.insights.render.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every vector of src/test/resources/xss-vectors.txt goes through Markdown and the sanitizer, as an editor's body would. */
class SanitizerTests {

    private static final List<String> FORBIDDEN_ELEMENTS = List.of("script", "iframe", "frame", "form", "input",
            "button", "object", "embed", "svg", "math", "style", "link", "meta", "base", "template", "noscript");

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*):");

    static Stream<String> vectors() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                SanitizerTests.class.getResourceAsStream("/xss-vectors.txt"), StandardCharsets.UTF_8))) {
            return in.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList().stream();
        }
    }

    @Test
    void corpusCoversEveryKindOfVector() throws IOException {
        assertThat(vectors().count()).isGreaterThanOrEqualTo(50);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void noVectorSurvivesAsActiveContent(String vector) {
        String html = RenderedPages.bodyHtml(vector);

        Element body = Jsoup.parseBodyFragment(html).body();
        assertThat(body.select(String.join(",", FORBIDDEN_ELEMENTS))).as(html).isEmpty();
        for (Element element : body.getAllElements()) {
            for (Attribute attribute : element.attributes()) {
                assertThat(attribute.getKey()).as(html).doesNotStartWith("on").isNotEqualTo("style").isNotEqualTo("srcdoc");
                if (attribute.getKey().equals("href") || attribute.getKey().equals("src")) {
                    assertThat(isSafeUrl(attribute.getValue())).as(html).isTrue();
                }
            }
        }
    }

    @Test
    void harmlessMarkupAroundAnAttackSurvives() {
        String html = RenderedPages.bodyHtml("Keep <b>this</b> and <a href=\"https://ok.example\" onclick=\"x()\">that</a>.");

        Element body = Jsoup.parseBodyFragment(html).body();
        assertThat(body.select("b").text()).isEqualTo("this");
        assertThat(body.select("a").attr("href")).isEqualTo("https://ok.example");
        assertThat(body.select("a").attr("rel")).isEqualTo("noopener noreferrer");
    }

    @Test
    void aThematicBreakAndTheMarkupOfKeysAndCorrectionsSurvive() {
        String html = RenderedPages.bodyHtml("Press <kbd>Ctrl</kbd>: <del>9 ms</del> <ins>90 ms</ins>, "
                + "<s>old</s> <mark>new</mark>.\n\n---\n\nAfter the break.");

        Element body = Jsoup.parseBodyFragment(html).body();
        assertThat(body.select("hr")).hasSize(1);
        assertThat(body.select("kbd").text()).isEqualTo("Ctrl");
        assertThat(body.select("del").text()).isEqualTo("9 ms");
        assertThat(body.select("ins").text()).isEqualTo("90 ms");
        assertThat(body.select("s, mark").eachText()).containsExactly("old", "new");
    }

    @Test
    void escapedMarkupStaysText() {
        String html = RenderedPages.bodyHtml("&lt;script&gt;alert(1)&lt;/script&gt;");

        assertThat(Jsoup.parseBodyFragment(html).body().text()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void referencesToControlCharactersAndNoncharactersBecomeReplacementCharactersInTextAndAttributes() {
        String html = RenderedPages.bodyHtml(
                "zq &#2;zq&#3; &#x85; &#xFFFF; <a title=\"&#1;t\" href=\"/x\">x</a> <b>&#x7f;</b> &#xD800;");

        assertThat(html).doesNotContainPattern("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF]");
        Element body = Jsoup.parseBodyFragment(html).body();
        assertThat(body.text()).isEqualTo("zq \uFFFDzq\uFFFD \uFFFD \uFFFD x \uFFFD \uFFFD");
        assertThat(body.select("a").attr("title")).isEqualTo("\uFFFDt");
    }

    @Test
    void imagesComeFromHttpsOrTheSiteItselfNeverFromPlainHttp() {
        String html = RenderedPages.bodyHtml(
                "![a](https://img.example/a.png) ![b](/assets/b.png) ![c](http://img.example/c.png)");

        assertThat(Jsoup.parseBodyFragment(html).body().select("img").eachAttr("src"))
                .containsExactly("https://img.example/a.png", "/assets/b.png");
        assertThat(Jsoup.parseBodyFragment(html).body().text()).isEqualTo("c");
    }

    @Test
    void theSitesOwnImagesStayWhateverTheSchemeOfItsBaseUrl() {
        HtmlSanitizer http = new HtmlSanitizer(URI.create("http://localhost:8080"));

        Element body = http.sanitize(
                "<p><img src=\"/assets/b.png\" alt=\"b\"> <img src=\"http://x.example/c.png\" alt=\"c\"></p>");

        assertThat(body.select("img").eachAttr("src")).containsExactly("/assets/b.png");
        assertThat(body.text()).isEqualTo("c");
    }

    @Test
    void aLinkWhoseUrlWasRefusedIsNoLinkAtAll() {
        String html = RenderedPages.bodyHtml("[click](javascript:alert(1)) and [there](vbscript:x)");

        assertThat(Jsoup.parseBodyFragment(html).body().select("a")).isEmpty();
        assertThat(Jsoup.parseBodyFragment(html).body().text()).isEqualTo("click and there");
    }

    @Test
    void anAnchorWithoutAnAddressIsItsText() {
        String html = RenderedPages.bodyHtml("[empty]() and <a title=\"t\">raw</a>");

        assertThat(Jsoup.parseBodyFragment(html).body().select("a")).isEmpty();
        assertThat(Jsoup.parseBodyFragment(html).body().text()).isEqualTo("empty and raw");
    }

    @Test
    void aLinkWithNothingToReadIsNamedByItsAddress() {
        String html = RenderedPages.bodyHtml("[](https://example.com/empty-text) [![](https://img.example/a.png)](/x) "
                + "[![logo](https://img.example/b.png)](/y)");

        assertThat(Jsoup.parseBodyFragment(html).body().select("a").stream().map(Element::text))
                .containsExactly("https://example.com/empty-text", "/x", "");
        assertThat(Jsoup.parseBodyFragment(html).body().select("a img").eachAttr("alt")).containsExactly("", "logo");
    }

    @Test
    void anImageWithoutAltTextIsDecorative() {
        String html = RenderedPages.bodyHtml("<img src=\"https://example.com/raw.png\"> <img src=\"/a.png\" alt=\"A\">");

        assertThat(Jsoup.parseBodyFragment(html).body().select("img").eachAttr("alt")).containsExactly("", "A");
        assertThat(html).contains("<img src=\"https://example.com/raw.png\" alt=\"\">");
    }

    @Test
    void codeKeepsOnlyTheClassOfItsLanguage() {
        String html = RenderedPages.bodyHtml("```c++\nint x;\n```\n\n<code class=\"skip-link\">hidden</code> "
                + "<code class=\"language-sql card\">two</code>");

        assertThat(Jsoup.parseBodyFragment(html).body().select("code").eachAttr("class"))
                .containsExactly("language-c++");
        assertThat(Jsoup.parseBodyFragment(html).body().select("code[class]")).hasSize(1);
    }

    @Test
    void codeAndTablesThatMayScrollSidewaysCanBeReachedByKeyboard() {
        String html = RenderedPages.bodyHtml("```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |");

        assertThat(Jsoup.parseBodyFragment(html).body().select("pre, table").eachAttr("tabindex"))
                .containsExactly("0", "0");
    }

    @Test
    void anIdThatTheSitesOwnPagesUseIsMadeUnique() {
        String html = RenderedPages.bodyHtml("<h2 id=\"case-insights\">Mine</h2>\n\n<h2 id=\"case-title\">Too</h2>");

        assertThat(Jsoup.parseBodyFragment(html).body().select("h2").eachAttr("id"))
                .containsExactly("case-insights-2", "case-title-2");
    }

    @Test
    void anAuthorMarksTheLanguageAndDirectionOfAPartByHand() {
        String html = RenderedPages.bodyHtml("<p lang=\"ar\" dir=\"rtl\">السبب الجذري</p>\n\n"
                + "Said <q lang=\"JA\">根本原因</q> and <bdi>إيان</bdi>, <span dir=\"AUTO\">x</span>.");

        Element body = Jsoup.parseBodyFragment(html).body();
        assertThat(body.selectFirst("p[lang=ar][dir=rtl]").text()).isEqualTo("السبب الجذري");
        assertThat(body.selectFirst("q").attr("lang")).isEqualTo("ja");
        assertThat(body.selectFirst("bdi").text()).isEqualTo("إيان");
        assertThat(body.selectFirst("span").attr("dir")).isEqualTo("auto");
    }

    @Test
    void aLanguageOrDirectionThatIsNoneIsDropped() {
        String html = RenderedPages.bodyHtml("<p dir=\"sideways\" lang=\"english\">a</p>\n\n"
                + "<p lang=\"en_US\" dir=\"rtl ltr\">b</p>\n\n<p lang=\"x-private\">c</p>");

        Element body = Jsoup.parseBodyFragment(html).body();
        assertThat(body.select("p")).hasSize(3);
        assertThat(body.select("[lang], [dir]")).isEmpty();
    }

    /**
     * A URL is safe when a browser would give it no scheme (a relative reference) or http, https or mailto. As a
     * browser does, this strips surrounding spaces and drops tabs and newlines before reading the scheme.
     */
    private static boolean isSafeUrl(String value) {
        String url = value.strip().replaceAll("[\\t\\n\\r]", "");
        Matcher scheme = SCHEME.matcher(url);
        return !scheme.find() || List.of("http", "https", "mailto").contains(scheme.group(1).toLowerCase(Locale.ROOT));
    }
}
