package io.zerone.insights.export;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each URL of the site lives in the exported folder, chosen so that a static file server maps the URL back to
 * its file with its defaults alone: a page is {@code path/index.html} (every server answers {@code /insights} with a
 * redirect to {@code /insights/} and then its index), a file with an extension ({@code feed.xml}, {@code site.css})
 * keeps its path. A static server ignores query strings, so a URL with one ({@code /insights?cursor=…}, the older
 * pages) gets the query as one more path segment ({@code /insights/cursor=…/}) and the links to it are rewritten to
 * match ({@code /insights/feed.xml?cursor=…} becomes {@code /insights/feed_cursor=….xml}); that is the only change
 * the export makes to what query-service serves.
 */
public final class SitePaths {

    /** href, src and action attributes, and sitemap locations, in the raw text of an HTML or XML document. */
    private static final Pattern LINK = Pattern.compile("((?:href|src|action)=\")([^\"]*)(\")|(<loc>)([^<]*)(</loc>)");

    /**
     * The longest query segment kept whole, in characters (each one byte): file names end at 255 bytes, and a query
     * of a long category written as {@code ~XX} escapes (three characters a byte, nine a CJK letter) would pass that.
     */
    static final int MAX_QUERY_SEGMENT = 150;

    private SitePaths() {
    }

    /**
     * The URL under which the export serves what the site serves at {@code ref} (a path with an optional query):
     * the same path, or for a URL with a query string the query as a last path segment. Characters other than
     * letters, digits, {@code = _ -} are written as {@code ~XX} so that the segment is a plain file name everywhere.
     */
    public static String exported(String ref) {
        int question = ref.indexOf('?');
        if (question < 0 || question == ref.length() - 1) {
            return question < 0 ? ref : ref.substring(0, question);
        }
        String path = ref.substring(0, question);
        StringBuilder segment = new StringBuilder();
        byte[] query = ref.substring(question + 1).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < query.length; i++) {
            char c = (char) (query[i] & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '=' || c == '_' || c == '-')) {
                segment.append(c);
            } else if (c == '%' && i + 2 < query.length && isHex(query[i + 1]) && isHex(query[i + 2])) {
                // already escaped: the same escape with our sign (%20 and a raw space are the same URL)
                segment.append('~').append(Character.toUpperCase((char) query[++i])).append(Character.toUpperCase((char) query[++i]));
            } else {
                segment.append('~').append(String.format("%02X", query[i] & 0xff));
            }
        }
        if (segment.length() > MAX_QUERY_SEGMENT) {
            // its start for a reader, and a digest of the whole that keeps distinct queries apart ("~~" occurs
            // nowhere else: a raw '~' is written as ~7E)
            String whole = segment.toString();
            segment.setLength(MAX_QUERY_SEGMENT - 34);
            segment.append("~~").append(HexFormat.of().formatHex(sha256(whole), 0, 16));
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        if (dot > 0) {
            // a file (a paged feed): the query goes before its extension, which still tells the server its type
            String folder = path.substring(0, path.length() - last.length());
            return folder + last.substring(0, dot) + "_" + segment + last.substring(dot);
        }
        return (path.endsWith("/") ? path : path + "/") + segment + "/";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static boolean isHex(byte b) {
        return Character.digit((char) b, 16) >= 0;
    }

    /** The file of the export that a static server answers for {@code exportedRef}. */
    public static Path file(Path root, String exportedRef) {
        String path = URI.create(exportedRef).getPath();
        String relative = path.startsWith("/") ? path.substring(1) : path;
        String last = relative.substring(relative.lastIndexOf('/') + 1);
        if (last.isEmpty() || !last.contains(".")) {
            relative = relative.isEmpty() || relative.endsWith("/") ? relative + "index.html" : relative + "/index.html";
        }
        Path file = root.resolve(relative).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("outside the export: " + exportedRef);
        }
        return file;
    }

    /**
     * {@code document} with every link that {@code exportedLink} changes replaced by its export, byte for byte the
     * same elsewhere. {@code exportedLink} gets and returns the attribute's value as the document spells it
     * ({@code &amp;} in HTML and XML).
     */
    public static String rewriteLinks(String document, UnaryOperator<String> exportedLink) {
        Matcher matcher = LINK.matcher(document);
        StringBuilder out = new StringBuilder(document.length());
        while (matcher.find()) {
            int group = matcher.group(1) != null ? 1 : 4;
            String value = matcher.group(group + 1);
            String rewritten = exportedLink.apply(value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    matcher.group(group) + rewritten + matcher.group(group + 2)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
