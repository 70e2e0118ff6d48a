package io.zerone.insights.events;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * How a replica of a consuming service names itself to the broker, so that its restart after a crash takes over at
 * once what the crashed run held (docs/adr/0015-static-membership-and-stable-transactional-ids.md). The name comes
 * from the environment variable {@value #INSTANCE_ID_VARIABLE}, one per replica and the same across its restarts.
 * Without it a replica stays anonymous (dynamic group membership, random transactional ids): two processes that
 * shared a name would fence each other.
 */
public final class Replicas {

    /** The environment variable that names a replica: stable across its restarts, unique among its replicas. */
    public static final String INSTANCE_ID_VARIABLE = "INSIGHTS_INSTANCE_ID";

    private Replicas() {
    }

    /** The replica's name, or none when the value is missing or blank. */
    public static Optional<String> instanceId(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(id -> !id.isEmpty());
    }

    /**
     * The {@code group.instance.id} of a named replica's consumers in the group; spring-kafka appends {@code -n} per
     * consumer thread, so the threads of one replica differ too.
     */
    public static String groupInstanceId(String group, String instanceId) {
        return group + "-" + instanceId;
    }

    /**
     * The consumer, except that a {@code close()} leaves the group. A static member that is closed stays in the group
     * by default, until its session times out, because its restart is expected to take its place; a replica that is
     * stopped on purpose may not come back under its name (scaled down, recreated with a new host name), and its
     * partitions would stand still that long. A killed replica never closes: its restart takes over at once.
     * <p>
     * An {@code unsubscribe()} waits for the next call, and when that is {@code close()}, the close does it all:
     * spring-kafka unsubscribes the consumer of a container without a Kafka transaction manager just before closing it,
     * and a static member's unsubscribe forgets its member id without leaving (a static member leaves only when told
     * to), so the close that followed had no member id to leave with and the broker kept the member until its session
     * timed out. The close revokes the partitions as the unsubscribe would have, then leaves.
     */
    @SuppressWarnings("unchecked")
    public static <K, V> Consumer<K, V> leavingOnClose(Consumer<K, V> consumer) {
        // wakeup() and Object's methods may come from other threads, which a KafkaConsumer refuses any other call from:
        // they never run the unsubscribe that waits
        AtomicBoolean unsubscribed = new AtomicBoolean();
        return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    boolean noArguments = args == null || args.length == 0;
                    if (method.getName().equals("unsubscribe") && noArguments) {
                        unsubscribed.set(true);
                        return null;
                    }
                    if (method.getName().equals("close") && noArguments) {
                        unsubscribed.set(false);
                        consumer.close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
                        return null;
                    }
                    if (method.getDeclaringClass() != Object.class && !method.getName().equals("wakeup")
                            && unsubscribed.getAndSet(false)) {
                        consumer.unsubscribe();
                    }
                    try {
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
