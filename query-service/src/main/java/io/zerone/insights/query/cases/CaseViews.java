package io.zerone.insights.query.cases;

import java.util.List;

import io.zerone.insights.layout.Card;

/** What the case templates show. Public only because the precompiled templates live in another package. */
public final class CaseViews {

    private CaseViews() {
    }

    /** {@code /cases}: every published case. */
    public record CaseList(List<Item> cases) {
    }

    /** A case in the list: its page, number, title, summary and how many insights came out of it. */
    public record Item(String href, String number, String title, String summary, long insights) {
    }

    /**
     * {@code /cases/{number}}: the case's article as render-service rendered it (sanitized), the cards of a page of its
     * insights, newest first, and the link to the older ones (null on the last page; the cursor is base64url).
     */
    public record CasePage(String number, String caseHtml, List<Card> cards, String olderHref) {
    }
}
