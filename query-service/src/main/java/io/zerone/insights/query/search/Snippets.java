package io.zerone.insights.query.search;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.util.HtmlUtils;

/**
 * ts_headline marks matches with control characters instead of tags, so that the text itself (which may contain
 * {@code <} or {@code &}) can be escaped before the marks become {@code <mark>} elements. The text it marks is the one
 * search_text() (Flyway V16) made for the parser, turned back here into the text as written: {@link #SPLIT} deleted,
 * the names it spelt as words written as names again.
 */
final class Snippets {

    static final String START = "\u0002";
    static final String STOP = "\u0003";
    static final String OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxWords=35, MinWords=15, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";
    /** For the title and the summary: the whole text, every match marked. */
    static final String WHOLE = "StartSel=" + START + ", StopSel=" + STOP + ", HighlightAll=true";

    /** What search_text() puts after a character at which it splits a word ("List<Object>", "Schema.org"). */
    static final String SPLIT = "\u0005";
    /**
     * A name search_text() spelt as a word between the characters U+000E and U+000F, with its selection marks. A
     * fragment of the body may begin or end at the word and leave out one of the two, never both: a word without
     * either is the author's own ("the dotnet CLI").
     */
    private static final Pattern NAME = Pattern.compile(
            "\u000e?(" + START + "?)(cplusplus|csharp|fsharp|dotnet)(" + STOP + "?)\u000f?");
    private static final Map<String, String> NAMES = Map.of("cplusplus", "C++", "csharp", "C#", "fsharp", "F#",
            "dotnet", ".NET");

    private Snippets() {
    }

    static String toHtml(String headline) {
        if (headline == null) {
            return "";
        }
        return HtmlUtils.htmlEscape(asWritten(headline), "UTF-8").replace(START, "<mark>").replace(STOP, "</mark>");
    }

    static String asWritten(String headline) {
        String names = NAME.matcher(headline.replace(SPLIT, "")).replaceAll(name -> Matcher.quoteReplacement(
                name.group().startsWith("\u000e") || name.group().endsWith("\u000f")
                        ? name.group(1) + NAMES.get(name.group(2)) + name.group(3)
                        : name.group()));
        return names.replace("\u000e", "").replace("\u000f", "");
    }
}
