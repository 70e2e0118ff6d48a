package io.zerone.insights.query.projection;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.r2dbc.spi.R2dbcException;
import io.zerone.insights.events.MalformedEventException;
import io.zerone.insights.events.Topics;

/**
 * The failure policy of the projector, declared once, with the settings render-service uses ({@link RetrySettings},
 * {@code insights.pipeline.retry.*}). A record that is not an event of the contract goes to
 * {@link Topics#INSIGHT_RENDERED_DLT} with its reason while the rest of its batch is applied ({@link DeadLetters}). An
 * event the database rejects (a failure of the data itself) is found by {@link ProjectionListener}, which applies the
 * batch again one record at a time and fails the poll at that record: the records before it stay applied, and it is
 * retried with back-off and goes alone to the dead-letter topic after {@code dead-letter-after}, as before batches;
 * any other
 * failure (the database away, a killed connection) reads the batch again and starts the back-off over, without end,
 * because the offsets live in the database and a batch given up would be a hole in the projection.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RetrySettings.class)
class ProjectionConfiguration {

    static final String CONTAINER_FACTORY = "projectionContainerFactory";

    private static final Logger log = LoggerFactory.getLogger(ProjectionConfiguration.class);

    /** Failures that retrying cannot mend; anything else is taken for the database or the broker being away. */
    private static final Class<?>[] DATA_PROBLEMS = {MalformedEventException.class, IllegalArgumentException.class,
            NullPointerException.class, ClassCastException.class, DataIntegrityViolationException.class,
            InvalidDataAccessResourceUsageException.class, InvalidDataAccessApiUsageException.class};

    /**
     * PostgreSQL's SQLSTATE class 42, syntax error or access rule violation: an undefined column or table, a permission
     * denied. No value bound to the statements makes one, so it is a fault of the code or the schema (a replica older
     * than a migration, a role without rights), though Spring reads it as InvalidDataAccessResourceUsageException as
     * it does a text PostgreSQL cannot store (r2dbc-postgresql raises class 22 as bad grammar too). It fails every
     * record alike: dead-lettering each moved past all of them, a hole in the projection; retried without end, they
     * are applied once the fault is mended.
     */
    private static final String ACCESS_RULE_VIOLATION = "42";

    /**
     * PostgreSQL's SQLSTATE class 54, program_limit_exceeded: a value larger than it can hold or index, such as a search
     * text whose tsvector passes 1 MB or a slug past the 2,704 bytes of a B-tree entry. Spring translates the class as
     * it does 53 (out of disk or memory), to DataAccessResourceFailureException, which reads as the database being
     * away: such an event was retried without end and stopped its partition. The same value fails the same way again.
     */
    private static final String PROGRAM_LIMIT_EXCEEDED = "54";

    @Bean
    NewTopic projectionDeadLetterTopic() {
        return TopicBuilder.name(Topics.INSIGHT_RENDERED_DLT).partitions(1).configs(Topics.LARGE_RECORDS).build();
    }

    /** Written by {@link StatusRelay}: not compacted, a log of outcomes kept for a week (docs/adr/0020). */
    @Bean
    NewTopic statusTopic(ProjectionSettings settings) {
        return TopicBuilder.name(Topics.INSIGHT_STATUS).partitions(settings.partitions())
                .config("retention.ms", String.valueOf(Topics.STATUS_RETENTION_MS)).build();
    }

    @Bean
    DeadLetterPublishingRecoverer projectionDeadLetterRecoverer(KafkaOperations<Object, Object> kafka) {
        return new DeadLetterPublishingRecoverer(kafka,
                (record, exception) -> new TopicPartition(Topics.INSIGHT_RENDERED_DLT, -1));
    }

    /**
     * Once a record the database rejects is on the dead-letter topic, the offset stored with the projection moves past
     * it ({@link Projector#movePastDeadLetter}): the consumer group's offset, which the error handler commits, is not
     * where the projector reads from. If that store fails (the database away right then), the record is read again
     * after a restart and sent once more: a duplicate dead letter, never a lost one.
     */
    @Bean
    DefaultErrorHandler projectionErrorHandler(DeadLetterPublishingRecoverer projectionDeadLetterRecoverer,
            RetrySettings retry, Projector projector) {
        var handler = new DefaultErrorHandler(deadLetteringDataProblems((record, consumer, exception) -> {
            ConsumerRecord<?, ?> named = namedRecord(exception);
            if (named != null && !sameRecord(named, record)) {
                // Only the fallback's retries of a whole poll come here with another record's failure: the poll's
                // first failure named none (the database away), and a retry then found the record the database
                // rejects. Recovering the whole poll would dead-letter good records and leave the ones after the
                // named record unapplied while the consumer goes on past them. Failing the recovery seeks the poll
                // back instead: read again, its first failure names the record, and that one goes alone.
                throw new KafkaException("the failure names " + named.topic() + "-" + named.partition() + "@"
                        + named.offset() + ", not this record: the poll is read again", exception);
            }
            projectionDeadLetterRecoverer.accept(record, consumer, exception);
            if (named == null) {
                return; // the whole poll given up after a failure no record was named for: nothing is skipped
            }
            try {
                projector.movePastDeadLetter(record);
            } catch (RuntimeException e) {
                log.warn("could not store the offset past the dead letter {}-{}@{}; it is read again after a "
                        + "restart: {}", record.topic(), record.partition(), record.offset(), e.toString());
            }
        }), retry.backOff());
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class,
                NullPointerException.class);
        return handler;
    }

    /**
     * The record the failure names as the one the database rejects on its own ({@code ProjectionListener} fails the
     * poll so): only that one is dead-lettered and moved past. Null for a failure that names no record.
     */
    private static ConsumerRecord<?, ?> namedRecord(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof BatchListenerFailedException named && named.getRecord() != null) {
                return named.getRecord();
            }
        }
        return null;
    }

    private static boolean sameRecord(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
        return a.topic().equals(b.topic()) && a.partition() == b.partition() && a.offset() == b.offset();
    }

    /**
     * What the projector's and the record listeners' error handlers do once a record's back-off ends: send it to its
     * dead-letter topic when its data fails it, and otherwise (the database away) fail the recovery, so that the
     * handler seeks the record back, the next poll reads it again and the retries start over, without end. Decided by
     * the last failure, so a record that failed on its data and then on the database going away (or the reverse) is
     * judged by what fails it now.
     */
    static ConsumerAwareRecordRecoverer deadLetteringDataProblems(ConsumerAwareRecordRecoverer deadLetters) {
        return (record, consumer, exception) -> {
            if (!isDataProblem(exception)) {
                throw new KafkaException("record still failing, reading it again", exception);
            }
            deadLetters.accept(record, consumer, exception);
            logSent(record, exception);
        };
    }

    /** One line per dead letter, so that an operator sees it without reading the dead-letter topics. */
    static void logSent(ConsumerRecord<?, ?> record, Throwable reason) {
        log.warn("sent {}-{}@{} (key {}) to its dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), record.key(), NestedExceptionUtils.getMostSpecificCause(reason).getMessage());
    }

    static boolean isDataProblem(Throwable failure) {
        if (anyCause(failure, cause -> hasState(cause, ACCESS_RULE_VIOLATION))) {
            return false;
        }
        return anyCause(failure, cause -> hasStateBeyondALimit(cause)
                || Arrays.stream(DATA_PROBLEMS).anyMatch(problem -> problem.isInstance(cause)));
    }

    /** Whether the database refused a value past one of its limits (SQLSTATE class 54), whatever Spring made of it. */
    static boolean isBeyondALimit(Throwable failure) {
        return anyCause(failure, ProjectionConfiguration::hasStateBeyondALimit);
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasStateBeyondALimit(Throwable failure) {
        return hasState(failure, PROGRAM_LIMIT_EXCEEDED);
    }

    /** Whether the failure is the database's, with a SQLSTATE of this class, whatever Spring made of it. */
    private static boolean hasState(Throwable failure, String stateClass) {
        String state = failure instanceof SQLException jdbc ? jdbc.getSQLState()
                : failure instanceof R2dbcException r2dbc ? r2dbc.getSqlState() : null;
        return state != null && state.startsWith(stateClass);
    }

    /** Batch listener: one poll, one transaction. Boot's listener settings apply; these are the projector's own. */
    @Bean(CONTAINER_FACTORY)
    @SuppressWarnings({"unchecked", "rawtypes"})
    ConcurrentKafkaListenerContainerFactory<Object, Object> projectionContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<?, ?> consumerFactory,
            DefaultErrorHandler projectionErrorHandler, ProjectionSettings settings, ProjectorReplica replica) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, (ConsumerFactory) consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(settings.concurrency());
        factory.setCommonErrorHandler(projectionErrorHandler);
        Properties overrides = consumerOverrides(settings);
        // the live projector's consumers only: the rebuild, a second process of the same replica, uses no group
        replica.groupInstanceId().ifPresent(id -> overrides.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        // on each container: the factory does not hand its own container properties' consumer properties on
        factory.setContainerCustomizer(
                container -> container.getContainerProperties().setKafkaConsumerProperties(overrides));
        return factory;
    }

    /** What the live projector and the rebuild's consumers set beyond spring.kafka.consumer.*. */
    static Properties consumerOverrides(ProjectionSettings settings) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(settings.maxPollRecords()));
        overrides.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                String.valueOf(settings.maxPartitionFetchBytes().toBytes()));
        return overrides;
    }

    /** R2DBC transactions for the request side (the projector's are JDBC, see {@link ProjectorDatabase}). */
    @Bean
    TransactionalOperator transactionalOperator(ReactiveTransactionManager transactionManager) {
        return TransactionalOperator.create(transactionManager);
    }
}
