package io.zerone.insights.query.search;

import org.springframework.web.util.HtmlUtils;

/**
 * ts_headline marks matches with control characters instead of tags, so that the text itself (which may contain
 * {@code <} or {@code &}) can be escaped before the marks become {@code <mark>} elements.
 */
final class Snippets {

    static final String START = "\u0002";
    static final String STOP = "\u0003";
    static final String OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxWords=35, MinWords=15, ShortWord=3, MaxFragments=2, FragmentDelimiter=\" … \"";
    /** For the title and the summary: the whole text, every match marked. */
    static final String WHOLE = "StartSel=" + START + ", StopSel=" + STOP + ", HighlightAll=true";

    private Snippets() {
    }

    static String toHtml(String headline) {
        if (headline == null) {
            return "";
        }
        return HtmlUtils.htmlEscape(headline, "UTF-8").replace(START, "<mark>").replace(STOP, "</mark>");
    }
}
