package io.zerone.insights.testsupport;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.GroupState;

/**
 * The static members a named replica has in consumer groups, as the broker counts them: a member that closed without
 * leaving is still counted until its session times out. The services' group instance ids all begin with
 * {@code {group}-{replica name}} (docs/adr/0015-static-membership-and-stable-transactional-ids.md).
 */
public final class StaticMembers {

    private StaticMembers() {
    }

    /** The {@code group.instance.id}s of the replica's members in these groups, on the tests' broker. */
    public static Set<String> of(String instanceId, Collection<String> groups) {
        return members(instanceId, groups, false);
    }

    /**
     * The replica's members that hold partitions in a group done rebalancing. A test that stops a replica waits for
     * these first: a member closed while its group still rebalances may leave without its member id, and stays until
     * its session ends (the ADR's caveat for a replica stopped in its first seconds).
     */
    public static Set<String> settled(String instanceId, Collection<String> groups) {
        return members(instanceId, groups, true);
    }

    private static Set<String> members(String instanceId, Collection<String> groups, boolean settledOnly) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(groups).all().get().entrySet().stream()
                    .filter(group -> !settledOnly || group.getValue().groupState() == GroupState.STABLE)
                    .flatMap(group -> group.getValue().members().stream()
                            .filter(member -> !settledOnly || !member.assignment().topicPartitions().isEmpty())
                            .flatMap(member -> member.groupInstanceId().stream())
                            .filter(id -> id.startsWith(group.getKey() + "-" + instanceId)))
                    .collect(Collectors.toSet());
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not describe " + groups, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
