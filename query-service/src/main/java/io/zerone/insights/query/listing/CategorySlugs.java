package io.zerone.insights.query.listing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

import io.zerone.insights.query.listing.InsightCounts.FacetCount;
import io.zerone.insights.query.web.SitePaths;

/**
 * The address part of each live category's page. A category's plain slug drops what is not a letter or a digit, so
 * two categories can share one ("C++" and "C#" are both "c"): of those, the first by name keeps the plain slug and
 * every other one gets it followed by the start of a digest of its name ("c-3f0ba1c2"). Every category then has a page
 * of its own; its address changes only when another category comes to share its plain slug and sorts before it.
 */
final class CategorySlugs {

    private final Map<String, String> slugByName = new HashMap<>();
    private final Map<String, String> nameBySlug = new HashMap<>();

    private CategorySlugs(List<FacetCount> categories) {
        Map<String, TreeSet<String>> byPlainSlug = new TreeMap<>();
        for (FacetCount category : categories) {
            byPlainSlug.computeIfAbsent(SitePaths.categorySlug(category.name()), plain -> new TreeSet<>())
                    .add(category.name());
        }
        byPlainSlug.forEach((plain, names) -> {
            String first = names.first();
            for (String name : names) {
                String slug = name.equals(first) ? plain : plain + "-" + digest(name);
                slugByName.put(name, slug);
                nameBySlug.putIfAbsent(slug, name);
            }
        });
    }

    /** The addresses of these categories, the live ones. */
    static CategorySlugs of(List<FacetCount> categories) {
        return new CategorySlugs(categories);
    }

    /** The address part of the category's page; its plain slug when it has no live insight (and so no page). */
    String slug(String category) {
        return slugByName.getOrDefault(category, SitePaths.categorySlug(category));
    }

    /** The live category whose page is at this address part. */
    Optional<String> name(String slug) {
        return Optional.ofNullable(nameBySlug.get(slug));
    }

    private static String digest(String name) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
