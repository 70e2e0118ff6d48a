package io.zerone.insights.ingest.tracing;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.zerone.insights.events.EventTracing;

/** The trace headers of the events this service writes (docs/adr/0016); no-ops where tracing is switched off. */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    EventTracing eventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new EventTracing(tracer.getIfAvailable(() -> Tracer.NOOP),
                propagator.getIfAvailable(() -> Propagator.NOOP));
    }
}
