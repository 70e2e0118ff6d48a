package io.zerone.insights.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import gg.jte.Content;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/**
 * The site's shared layout as a Java API. JTE's precompiler cannot resolve {@code @template} calls into another jar,
 * so other modules call these methods, from Java or from their own templates ({@code ${Layout.page(head, body)}}).
 * Every method returns {@link Content} that writes escaped HTML into the caller's output.
 */
public final class Layout {

    /** Where servers expose {@link #stylesheet()}; it also lies on the classpath at {@code static/assets/site.css}. */
    public static final String STYLESHEET_PATH = "/assets/site.css";

    /** The listing every page links back to. */
    public static final String LISTING_PATH = "/insights";

    /** The templates of this jar are precompiled into their own package so they never clash with another module's. */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(
            null, ContentType.Html, Layout.class.getClassLoader(), "io.zerone.insights.layout.jte");

    private static final String STYLESHEET = readStylesheet();

    private Layout() {
    }

    /** A complete HTML document: head, site header, {@code body} inside {@code <main>}, site footer. */
    public static Content page(PageHead head, Content body) {
        return output -> TEMPLATES.render("page.jte", Map.of("head", head, "body", body), output);
    }

    /** The listing card, its title an h2: for cards right under the page's h1, as the listing's; its markup's one place. */
    public static Content card(Card card) {
        return card(card, 2);
    }

    /**
     * The listing card with its title a heading of this level, 2 or 3: one below the heading the cards are listed
     * under, so that the page's outline holds (a case page lists its insights under an h2 of their own).
     */
    public static Content card(Card card, int headingLevel) {
        if (headingLevel != 2 && headingLevel != 3) {
            throw new IllegalArgumentException("a card's title is an h2 or an h3, not an h" + headingLevel);
        }
        return output -> TEMPLATES.render("card.jte", Map.of("card", card, "headingLevel", headingLevel), output);
    }

    /** The meta line "Category · date · N min · From Case NN", as cards and article pages show it. */
    public static Content meta(InsightMeta meta) {
        return meta(meta, Language.ENGLISH);
    }

    /** The meta line inside text of the language {@code within}: its English words are marked as such when it is not. */
    public static Content meta(InsightMeta meta, Language within) {
        return output -> TEMPLATES.render("meta.jte", Map.of("meta", meta, "within", within), output);
    }

    /** Renders content to a string, for callers that store or send HTML rather than stream it. */
    public static String render(Content content) {
        StringOutput output = new StringOutput(8 * 1024);
        // an Html engine escapes user content only inside an HTML output; page() and friends bring their own
        TEMPLATES.render("fragment.jte", content, output);
        return output.toString();
    }

    /** The one stylesheet of the site, for servers that do not serve {@code classpath:/static}. */
    public static String stylesheet() {
        return STYLESHEET;
    }

    private static String readStylesheet() {
        try (InputStream in = Layout.class.getResourceAsStream("/static/assets/site.css")) {
            if (in == null) {
                throw new IllegalStateException("static/assets/site.css is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
