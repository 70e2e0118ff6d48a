package io.zerone.insights.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The package map of query-service, read from the sources: {@code web/} and {@code cache/} serve every feature and
 * know none; a feature ({@code listing/}, {@code article/}, {@code search/}, {@code projection/}, {@code preview/},
 * any new one) uses them and only the features named here. A new edge between features is a decision: add it below, with its reason.
 */
class PackageBoundaryTests {

    private static final Path SOURCES = Path.of("src/main/java/io/zerone/insights/query");
    private static final Pattern REFERENCE = Pattern.compile("io\\.zerone\\.insights\\.query\\.(\\w+)\\.");
    private static final Set<String> SHARED = Set.of("web", "cache");

    /** The features a feature may use besides the shared packages. */
    private static final Map<String, Set<String>> FEATURE_NEIGHBOURS = Map.of(
            // a listing shows insights by their summary; its cards link to the
            // published cases, and the sitemap lists them (docs/adr/0024)
            "listing", Set.of("article", "cases"),
            // a case page lists its insights by their summary, a page at a time with the listing's query, index and
            // cursors (listing/CaseInsights); rendered cases are applied by the case projector, which re-resolves the
            // stored pages of the case's insights in the projection's transaction (docs/adr/0024)
            "cases", Set.of("article", "listing", "projection"),
            // the preview store's failure policy is the one of every record-by-record listener (RecordListeners); a
            // preview links its case while the case is published, as the article will
            "preview", Set.of("projection", "cases"),
            // the delta sync answers each insight in the one shape of JSON by slug
            "sync", Set.of("article"),
            // the publish scheduler applies due revisions through the projector's statements (docs/adr/0021)
            "scheduling", Set.of("projection"));

    @Test
    void sharedPackagesUseNoFeature() {
        for (String shared : SHARED) {
            assertThat(usedBy(shared)).as("packages %s uses", shared).isSubsetOf(SHARED);
        }
    }

    @Test
    void featuresUseTheSharedPackagesAndOnlyTheFeaturesTheyDeclare() {
        for (String feature : packages()) {
            if (SHARED.contains(feature)) {
                continue;
            }
            Set<String> allowed = new TreeSet<>(SHARED);
            allowed.addAll(FEATURE_NEIGHBOURS.getOrDefault(feature, Set.of()));

            assertThat(usedBy(feature)).as("packages %s uses", feature).isSubsetOf(allowed);
        }
    }

    @Test
    void theMapCoversTheFeaturesItNames() {
        assertThat(packages()).contains("listing", "article", "search", "projection", "preview", "scheduling", "web",
                "cache");
    }

    private static Set<String> packages() {
        try (Stream<Path> children = Files.list(SOURCES)) {
            return children.filter(Files::isDirectory).map(dir -> dir.getFileName().toString())
                    .collect(TreeSet::new, Set::add, Set::addAll);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The other packages of the service that the sources of this one name. */
    private static Set<String> usedBy(String packageName) {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES.resolve(packageName))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher reference = REFERENCE.matcher(Files.readString(file).replaceFirst("package [\\w.]+;", ""));
                while (reference.find()) {
                    used.add(reference.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        used.remove(packageName);
        return used;
    }
}
