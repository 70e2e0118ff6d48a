package io.zerone.insights.query.projection;

import org.springframework.context.ApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import io.zerone.insights.query.TestPipeline;

/** The blue/green rebuild for tests of other packages, which must see its effect (a new generation), not its parts. */
public final class Rebuilds {

    private Rebuilds() {
    }

    /**
     * Rebuilds the projection as {@code RebuildIntegrationTests} does: first replayed from the topic, since other tests
     * of this JVM write rows straight into the projection. Returns the new active generation.
     */
    public static String rebuild(ApplicationContext context, TestPipeline pipeline) {
        pipeline.replayFromTheBeginning(context.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer(ProjectionListener.GROUP));
        pipeline.awaitCaughtUp();
        return context.getBean(Rebuild.class).run().generation();
    }
}
