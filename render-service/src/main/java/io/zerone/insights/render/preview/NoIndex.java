package io.zerone.insights.render.preview;

/**
 * The one change a preview makes to the page the renderer gives: a robots meta tag, right after the charset (which
 * must stay first), so that a crawler that reaches a preview URL anyway neither indexes nor follows it. The HTTP
 * header {@code X-Robots-Tag: noindex} is query-service's, on every answer at {@code /preview/}.
 */
final class NoIndex {

    static final String META = "<meta name=\"robots\" content=\"noindex\">";

    private static final String CHARSET = "<meta charset=\"utf-8\">";
    private static final String HEAD = "<head>";

    private NoIndex() {
    }

    static String mark(String page) {
        int charset = page.indexOf(CHARSET);
        if (charset >= 0) {
            int at = charset + CHARSET.length();
            return page.substring(0, at) + "\n" + META + page.substring(at);
        }
        int head = page.indexOf(HEAD);
        if (head < 0) {
            throw new IllegalArgumentException("the page has no <head> to mark noindex");
        }
        int at = head + HEAD.length();
        return page.substring(0, at) + META + page.substring(at);
    }
}
