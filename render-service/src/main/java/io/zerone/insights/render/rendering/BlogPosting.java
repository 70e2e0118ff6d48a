package io.zerone.insights.render.rendering;

import java.time.Instant;

import io.zerone.insights.events.InsightMetadata;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The schema.org BlogPosting of an article page, as JSON that is safe to place inside a {@code <script>} element. */
final class BlogPosting {

    private static final JsonMapper JSON = JsonMapper.builder(
            JsonFactory.builder().characterEscapes(new ScriptSafeEscapes()).build()).build();

    private BlogPosting() {
    }

    static String of(InsightMetadata insight, Instant revisedAt, String url) {
        ObjectNode posting = JSON.createObjectNode()
                .put("@context", "https://schema.org")
                .put("@type", "BlogPosting")
                .put("headline", insight.title())
                .put("description", insight.summary())
                .put("datePublished", insight.publishedAt().toString())
                .put("dateModified", revisedAt.toString())
                .put("timeRequired", "PT" + insight.readingMinutes() + "M")
                .put("articleSection", insight.category())
                .put("inLanguage", insight.language())
                .put("url", url);
        posting.putObject("mainEntityOfPage").put("@type", "WebPage").put("@id", url);
        insight.tags().forEach(posting.putArray("keywords")::add);
        posting.putObject("publisher").put("@type", "Organization").put("name", "ZERONE");
        if (insight.caseRef() != null) {
            // the production case the lesson came out of
            posting.putObject("isBasedOn")
                    .put("@type", "CreativeWork")
                    .put("name", "Case " + insight.caseRef())
                    .put("identifier", insight.caseRef());
        }
        return JSON.writeValueAsString(posting);
    }

    /**
     * Writes {@code <}, {@code >} and {@code &} as {@code \}u escapes: the JSON means the same, and no value can close
     * the script element ({@code </script>}) or open a comment ({@code <!--}) inside it.
     */
    private static final class ScriptSafeEscapes extends CharacterEscapes {

        private final int[] escapes;

        ScriptSafeEscapes() {
            escapes = standardAsciiEscapesForJSON();
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
