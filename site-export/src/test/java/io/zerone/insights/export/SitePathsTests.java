package io.zerone.insights.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class SitePathsTests {

    final Path root = Path.of("/export");
    final Links links = new Links(URI.create("http://localhost:18080"), URI.create("https://insights.example"));

    @Test
    void pageIsTheIndexOfItsFolderAndFileWithExtensionKeepsItsPath() {
        assertThat(SitePaths.file(root, "/")).isEqualTo(Path.of("/export/index.html"));
        assertThat(SitePaths.file(root, "/insights")).isEqualTo(Path.of("/export/insights/index.html"));
        assertThat(SitePaths.file(root, "/insights/tags/kafka")).isEqualTo(Path.of("/export/insights/tags/kafka/index.html"));
        assertThat(SitePaths.file(root, "/insights/feed.xml")).isEqualTo(Path.of("/export/insights/feed.xml"));
        assertThat(SitePaths.file(root, "/assets/site.css")).isEqualTo(Path.of("/export/assets/site.css"));
    }

    @Test
    void queryStringBecomesOneMoreSegmentThatIsAPlainFileName() {
        assertThat(SitePaths.exported("/insights?cursor=djEKMjAy_-x")).isEqualTo("/insights/cursor=djEKMjAy_-x/");
        assertThat(SitePaths.exported("/insights?category=Distributed+Systems&cursor=a"))
                .isEqualTo("/insights/category=Distributed~2BSystems~26cursor=a/");
        assertThat(SitePaths.exported("/insights?category=Data%20Engineering"))
                .isEqualTo(SitePaths.exported("/insights?category=Data Engineering"))
                .isEqualTo("/insights/category=Data~20Engineering/");
        assertThat(SitePaths.exported("/insights/tags/kafka?cursor=a")).isEqualTo("/insights/tags/kafka/cursor=a/");
        assertThat(SitePaths.exported("/insights/tags/kafka/feed.xml?cursor=a")).isEqualTo("/insights/tags/kafka/feed_cursor=a.xml");
        assertThat(SitePaths.exported("/insights/search?")).isEqualTo("/insights/search");
        assertThat(SitePaths.exported("/insights/search")).isEqualTo("/insights/search");
    }

    @Test
    void distinctQueriesNeverShareAFile() {
        assertThat(SitePaths.exported("/insights?a=b~2C")).isNotEqualTo(SitePaths.exported("/insights?a=b,"));
    }

    @Test
    void aLongQueryBecomesASegmentShortEnoughForAFileNameThatStillTellsQueriesApart() {
        String category = "分布式系统中的缓存失效与数据一致性问题的研究和实践经验总结";
        String page = SitePaths.exported("/insights?category=" + category + "&tag=postgresql");
        String otherTag = SitePaths.exported("/insights?category=" + category + "&tag=kafka");
        String feed = SitePaths.exported("/insights/feed.xml?category=" + category + "&tag=postgresql");

        String segment = page.substring("/insights/".length(), page.length() - 1);
        assertThat(segment).hasSize(SitePaths.MAX_QUERY_SEGMENT).startsWith("category=~E5~88~86").contains("~~");
        assertThat(otherTag).isNotEqualTo(page);
        assertThat(feed.substring(feed.lastIndexOf('/') + 1).getBytes(StandardCharsets.UTF_8).length).isLessThan(255);
        assertThat(SitePaths.exported("/insights?category=" + category + "&tag=postgresql")).isEqualTo(page);
    }

    @Test
    void refusesAPathOutsideTheExport() {
        assertThatThrownBy(() -> SitePaths.file(root, "/insights/../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyLinksWithAQueryChangeAndEverythingElseStaysByteForByte() {
        String page = """
                <link rel="canonical" href="https://insights.example/insights?cursor=abc">
                <a href="/insights?category=Data&amp;cursor=x">x</a> <a href="/insights/slug">y</a>
                <a href="https://elsewhere.example/?q=1">z</a> <form action="/insights/search">""";

        String exported = SitePaths.rewriteLinks(page, value -> links.exported(value, "/insights"));

        assertThat(exported).isEqualTo("""
                <link rel="canonical" href="https://insights.example/insights/cursor=abc/">
                <a href="/insights/category=Data~26cursor=x/">x</a> <a href="/insights/slug">y</a>
                <a href="https://elsewhere.example/?q=1">z</a> <form action="/insights/search">""");
    }

    @Test
    void absoluteLinkToTheCrawledAddressGetsThePublicBaseUrl() {
        String page = "<a href=\"http://localhost:18080/insights/a\">a</a> <a href=\"http://localhost:18080/insights?cursor=b\">b</a>";

        assertThat(SitePaths.rewriteLinks(page, value -> links.exported(value, "/insights")))
                .isEqualTo("<a href=\"https://insights.example/insights/a\">a</a> <a href=\"https://insights.example/insights/cursor=b/\">b</a>");
    }

    @Test
    void followsLinksToTheSiteAndItsPublicBaseButNotElsewhere() {
        String page = """
                <html><head><link rel="stylesheet" href="/assets/site.css"></head><body>
                <a href="https://insights.example/insights/a">a</a> <a href="http://localhost:18080/insights/b">b</a>
                <a href="c">c</a> <a href="https://elsewhere.example/d">d</a> <a href="#main">skip</a>
                <form action="/insights/search" method="get"></form><img srcset="/i/1.png 1x, /i/2.png 2x" alt="">
                </body></html>""";

        assertThat(links.in(page, "text/html;charset=utf-8", "/insights/x"))
                .containsExactlyInAnyOrder("/assets/site.css", "/insights/a", "/insights/b", "/insights/c",
                        "/insights/search", "/i/1.png", "/i/2.png");
    }

    @Test
    void followsFeedLinksAndSitemapLocations() {
        String sitemap = "<urlset><url><loc>https://insights.example/insights/a</loc></url></urlset>";
        String feed = "<feed><link rel=\"self\" href=\"https://insights.example/insights/feed.xml\"/>"
                + "<link rel=\"next\" href=\"https://insights.example/insights/feed.xml?cursor=a&amp;x=1\"/></feed>";

        assertThat(links.in(sitemap, "application/xml", "/sitemap.xml")).containsExactly("/insights/a");
        assertThat(links.in(feed, "application/atom+xml", "/insights/feed.xml"))
                .containsExactly("/insights/feed.xml", "/insights/feed.xml?cursor=a&x=1");
    }
}
