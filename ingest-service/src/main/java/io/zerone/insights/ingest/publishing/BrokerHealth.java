package io.zerone.insights.ingest.publishing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Health {@code kafka}, part of readiness: whether the broker answers now. While it does not, every publish would
 * get 503, so the replica is not ready; it is ready again as soon as the broker answers, with nobody's help. It asks
 * actively (the cluster's nodes) rather than judging by the last send, because a replica that is not ready receives
 * no sends to judge by. The question is bounded by its own short timeout, not the ack timeout: a broker that is away
 * never answers, so every probe meanwhile takes the whole bound, and one of 5 s outlasted the probes' own timeouts
 * (docker-compose's 5 s, Kubernetes' 1 s), which then read a timeout instead of DOWN. One admin client for the
 * service's life, reconnecting by itself.
 */
@Component("kafkaHealthIndicator")
class BrokerHealth extends AbstractReactiveHealthIndicator implements DisposableBean {

    private final Admin admin;
    private final Duration timeout;

    BrokerHealth(KafkaAdmin kafkaAdmin, IngestProperties properties) {
        super("Kafka health check failed");
        this.timeout = properties.brokerHealthTimeout();
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ingest-service-health");
        // a broker that went away is retried soon after it is back, not after the default backoff of up to 1 s
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(config);
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        return Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture())
                // the admin client's own deadline may pass late while it waits to reconnect: the probe's is this one
                .timeout(timeout)
                .map(nodes -> nodes.isEmpty()
                        ? builder.down().withDetail("brokers", 0).build()
                        : builder.up().withDetail("brokers", nodes.size()).build());
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}
