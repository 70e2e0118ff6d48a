package io.zerone.insights.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.zerone.insights.events.CloudEventCodec;
import io.zerone.insights.events.Topics;
import io.zerone.insights.testsupport.Infrastructure;

/**
 * query-service alone on a laptop, for trying and measuring it: a throwaway broker and PostgreSQL (in-process, or
 * containers with Docker), the nine seed insights published as render-service would, the service on port 18080
 * (or the first argument).
 */
public final class LocalQueryService {

    public static void main(String[] args) throws Exception {
        String port = args.length > 0 ? args[0] : "18080";
        String kafka = Infrastructure.kafkaBootstrapServers();
        Infrastructure.Database database = Infrastructure.database();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(Topics.INSIGHT_RENDERED, Topics.DEFAULT_PARTITIONS, (short) 1)
                    .configs(Topics.COMPACTED))).all().get();
        }
        // as command-line arguments: they take precedence over query-service.properties, default properties do not
        List<String> arguments = new ArrayList<>(database.commandLineArguments());
        arguments.add("--server.port=" + port);
        arguments.add("--query.site.base-url=http://localhost:" + port);
        arguments.add("--spring.kafka.bootstrap-servers=" + kafka);
        QueryServiceApplication.builder().run(arguments.toArray(String[]::new));
        CloudEventCodec codec = new CloudEventCodec();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(), new ByteArraySerializer())) {
            Seed.all().forEach(seed -> producer.send(codec.toRecord(Topics.INSIGHT_RENDERED,
                    RenderedEvents.rendered(seed))));
        }
        System.out.println("\nquery-service with the seed insights: http://localhost:" + port + "/insights\n");
    }
}
