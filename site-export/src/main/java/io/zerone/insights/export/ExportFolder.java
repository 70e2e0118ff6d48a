package io.zerone.insights.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The folder the export writes, each URL at the file a static server answers it from ({@link SitePaths#file}). */
final class ExportFolder {

    private final Path root;

    private ExportFolder(Path root) {
        this.root = root;
    }

    /** Refuses a folder with anything in it: an export never mixes with what was there before. */
    static ExportFolder empty(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (Stream<Path> entries = Files.list(folder)) {
            if (entries.findAny().isPresent()) {
                throw new IOException("not empty, the export needs an empty folder: " + folder);
            }
        }
        return new ExportFolder(folder.toAbsolutePath().normalize());
    }

    void write(String exportedRef, byte[] content) throws IOException {
        write(SitePaths.file(root, exportedRef), content);
    }

    /** The site's 404 page, where servers look for one ({@code error_page 404 /404.html} in nginx). */
    void writeNotFoundPage(byte[] content) throws IOException {
        write(root.resolve("404.html"), content);
    }

    /** A redirect of the site as a static file can say it: a page that refreshes to its target, with a link. */
    void writeRedirect(String exportedRef, String target) throws IOException {
        String escaped = target.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
        write(exportedRef, ("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Moved</title>
                <meta http-equiv="refresh" content="0; url=%1$s">
                <link rel="canonical" href="%1$s">
                </head>
                <body>
                <p><a href="%1$s">%1$s</a></p>
                </body>
                </html>
                """).formatted(escaped).getBytes(StandardCharsets.UTF_8));
    }

    private static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
