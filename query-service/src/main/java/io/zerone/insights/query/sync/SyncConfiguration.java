package io.zerone.insights.query.sync;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The change log is pruned on a schedule ({@link SyncLogPruning}). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class SyncConfiguration {
}
