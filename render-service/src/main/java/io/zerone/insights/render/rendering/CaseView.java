package io.zerone.insights.render.rendering;

/**
 * What the case template shows. Public only because the precompiled templates live in another package;
 * {@code bodyHtml} is sanitized, everything else is escaped by the template.
 */
public record CaseView(String number, String title, String summary, String date, String bodyHtml) {
}
