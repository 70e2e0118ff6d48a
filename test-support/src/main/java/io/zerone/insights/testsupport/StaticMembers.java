package io.zerone.insights.testsupport;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                Infrastructure.kafkaBootstrapServers()))) {
            return admin.describeConsumerGroups(groups).all().get().entrySet().stream()
                    .flatMap(group -> group.getValue().members().stream()
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
