package io.zerone.insights.faultrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.zerone.insights.faultrun.Verdict.Wrong;

/**
 * The small fault run: a few hundred operations through the ingest API while render-service, query-service, and
 * Kafka with PostgreSQL are each killed with -9 and restarted once; then every surface must show exactly what the API
 * accepted.
 */
class FaultRunIntegrationTests {

    @Test
    void killedAndRestartedProcessesLoseNothingAndShowEveryInsightAsLastAccepted() throws Exception {
        Path root = Path.of(System.getProperty("fault-run.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("fault-run.work", "target/fault-run-it")).toAbsolutePath();

        Report report = FaultRun.run(FaultRun.Settings.small(root, work), System.out);

        assertThat(report.recoveries()).hasSize(3);
        assertThat(report.poisonDeadLettered()).isEqualTo(report.poisonInjected());
        for (Wrong kind : Wrong.values()) {
            assertThat(report.count(kind)).as(kind.label).isZero();
        }
        assertThat(report.verdict().failures()).isEmpty();
        assertThat(report.verdict().passed()).isGreaterThan(report.settings().slugs() * 3);
    }
}
