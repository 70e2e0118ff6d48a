package io.zerone.insights.query.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar query-service-<version>-exec.jar --query.projection.rebuild=true}: the operator's rebuild, in a JVM
 * of its own next to the running service (same database and Kafka settings), with no web server and no live
 * listener ({@link RebuildEnvironment}). Prints the {@code RESULT} lines benchmarks read and exits 0, or prints why
 * it failed and exits 1; the live projection is untouched by a failed rebuild.
 */
@Component
@ConditionalOnBooleanProperty("query.projection.rebuild")
class RebuildCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RebuildCommand.class);

    private final Rebuild rebuild;
    private final ConfigurableApplicationContext context;

    RebuildCommand(Rebuild rebuild, ConfigurableApplicationContext context) {
        this.rebuild = rebuild;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        int exitCode;
        try {
            report(rebuild.run()).forEach(System.out::println);
            exitCode = 0;
        } catch (RuntimeException e) {
            log.error("rebuild failed", e);
            System.err.println("rebuild failed: " + e.getMessage());
            exitCode = 1;
        }
        int code = exitCode;
        System.exit(SpringApplication.exit(context, () -> code));
    }

    /**
     * What a rebuild prints. The live projector sent the records the rebuild skips to the dead-letter topic already
     * (or superseded them in their batch); the rebuild logs each event the database rejects with its slug, offset and
     * the database's reason, and the slugs it carried over from the active generation because nothing else of them
     * was left on the topic.
     */
    static List<String> report(Rebuild.Result result) {
        List<String> lines = new ArrayList<>(List.of("RESULT rebuild-insights " + result.insights(),
                "RESULT rebuild-records " + result.records(),
                String.format(Locale.ROOT, "RESULT rebuild-seconds %.1f", result.seconds()),
                String.format(Locale.ROOT, "RESULT rebuild-per-second %.0f", result.insights() / result.seconds()),
                "RESULT rebuild-rejected " + result.rejected().size(),
                "RESULT rebuild-carried-over " + result.carriedOver().size()));
        if (result.undecodable() > 0) {
            lines.add("(" + result.undecodable() + " records that are not events were skipped)");
        }
        if (!result.rejected().isEmpty()) {
            lines.add("(" + result.rejected().size() + " events the database rejects were skipped; the log names each "
                    + "with its slug, offset and reason)");
        }
        if (!result.carriedOver().isEmpty()) {
            lines.add("(" + result.carriedOver().size() + " slugs whose only records left are events the database "
                    + "rejects keep the active generation's rows; the log names them)");
        }
        return lines;
    }
}
