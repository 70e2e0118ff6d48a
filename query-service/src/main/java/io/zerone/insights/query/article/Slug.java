package io.zerone.insights.query.article;

import java.util.regex.Pattern;

/**
 * The one slug rule of the read side: what an address, the JSON API or a listing cursor may name. A request for
 * anything else is answered as unknown without asking the database. Looser than the rule ingest-service publishes
 * under (no double or trailing dash there): it only has to keep nonsense and path tricks away from the queries. The
 * projector's change notifications follow their own contract ({@code cache.ChangedInsights}).
 */
public final class Slug {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,199}");

    private Slug() {
    }

    public static boolean isSlug(String value) {
        return SLUG.matcher(value).matches();
    }
}
