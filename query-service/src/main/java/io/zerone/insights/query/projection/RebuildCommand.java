package io.zerone.insights.query.projection;

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
            Rebuild.Result result = rebuild.run();
            System.out.println("RESULT rebuild-insights " + result.insights());
            System.out.println("RESULT rebuild-records " + result.records());
            System.out.println(String.format(Locale.ROOT, "RESULT rebuild-seconds %.1f", result.seconds()));
            System.out.println(String.format(Locale.ROOT, "RESULT rebuild-per-second %.0f",
                    result.insights() / result.seconds()));
            if (result.undecodable() > 0) {
                System.out.println("(" + result.undecodable() + " records that are not events were skipped)");
            }
            exitCode = 0;
        } catch (RuntimeException e) {
            log.error("rebuild failed", e);
            System.err.println("rebuild failed: " + e.getMessage());
            exitCode = 1;
        }
        int code = exitCode;
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
