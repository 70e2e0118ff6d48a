package io.zerone.insights.devstack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.zerone.insights.ingest.IngestServiceApplication;
import io.zerone.insights.query.QueryServiceApplication;
import io.zerone.insights.render.RenderServiceApplication;

/**
 * The three services in one JVM, each reading its own properties file. Arguments given here are command-line
 * arguments to every service and win over the files (the end-to-end test points them at its own broker and
 * database); without any, the services run on their documented ports against the dev stack's stores.
 */
public final class StackServices implements AutoCloseable {

    /**
     * One JVM means one classpath: render-service has no database and must not pick up the R2DBC and Flyway of the
     * others. ingest-service (its idempotency keys, schema ingest) and query-service each use their own schema.
     */
    static final String NO_DATABASE = "--spring.autoconfigure.exclude="
            + "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration,"
            + "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration,"
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    /**
     * The replica name of the dev stack's render-service and projector, unless INSIGHTS_INSTANCE_ID or an argument
     * names them: with a name, a stack killed with kill -9 and started again processes at once, as static group member
     * and with stable transactional ids, instead of waiting ~45 s for the dead members (docs/adr/0015). One stack per
     * broker: a second one with the same name would fence the first.
     */
    static final String INSTANCE_ID = "dev-stack";

    private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();

    private StackServices() {
    }

    public static StackServices start(String... args) {
        return start(Map.of(), args);
    }

    /** @param own arguments for one service only, by its name ({@code --server.port} of each, say) */
    public static StackServices start(Map<String, List<String>> own, String... args) {
        StackServices services = new StackServices();
        try {
            // each topic's writer first: it creates the topic with all its partitions before a reader subscribes
            // (a reader first would find an auto-created topic, or none, and see new partitions only minutes later)
            String[] named = named(args);
            services.start("ingest-service", IngestServiceApplication.builder(), with(args, own, "ingest-service"));
            services.start("render-service", RenderServiceApplication.builder(),
                    with(with(named, NO_DATABASE), own, "render-service"));
            services.start("query-service", QueryServiceApplication.builder(), with(named, own, "query-service"));
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        return services;
    }

    private void start(String name, SpringApplicationBuilder builder, String... args) {
        // the caller stops the services, before the broker and database they depend on
        running.put(name, builder.registerShutdownHook(false).run(args));
    }

    public int port(String service) {
        return ((WebServerApplicationContext) running.get(service)).getWebServer().getPort();
    }

    @Override
    public void close() {
        List<ConfigurableApplicationContext> contexts = new ArrayList<>(running.values());
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
        running.clear();
    }

    private static String[] named(String[] args) {
        boolean namedAlready = System.getenv("INSIGHTS_INSTANCE_ID") != null
                || Stream.of(args).anyMatch(arg -> arg.startsWith("--insights.instance-id="));
        return namedAlready ? args : with(args, "--insights.instance-id=" + INSTANCE_ID);
    }

    private static String[] with(String[] args, Map<String, List<String>> own, String service) {
        return Stream.concat(Stream.of(args), own.getOrDefault(service, List.of()).stream()).toArray(String[]::new);
    }

    private static String[] with(String[] args, String extra) {
        return Stream.concat(Stream.of(args), Stream.of(extra)).toArray(String[]::new);
    }
}
