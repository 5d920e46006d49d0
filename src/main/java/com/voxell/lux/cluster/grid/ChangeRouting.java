package com.voxell.lux.cluster.grid;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicate;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.topic.ITopic;
import com.voxell.lux.cluster.control.ChangeListeners;
import com.voxell.lux.cluster.control.FollowedKeys;
import com.voxell.lux.cluster.control.FollowerRoutes;
import com.voxell.lux.cluster.control.ParsedChanges;
import com.voxell.lux.cluster.control.RouteAcks;
import com.voxell.lux.documents.control.Interest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Sends each change only to the nodes that follow it. The member that owns a document hears the
 * document's changes with a local listener (no other member involved), looks up which nodes follow
 * the id ({@link FollowerRoutes}) and publishes the change, as the grid's text, to each one's
 * topic; a change no one follows costs no event at all (the listener's filter drops it where it was
 * made).
 *
 * <p>Every listener here is registered once, when the node starts, and never changed: what a node
 * follows changes only its entry in a grid map, never a listener registration (which the grid would
 * have to pass to every member at each follow, and again to a member that merges back).
 *
 * <p>What each node follows is its entry in the grid map {@value #DIRECTORY}, which every member
 * listens to. Each member acknowledges a node's new view on that node's topic, and a follow returns
 * once every member has, so a state read after it is never newer than the next change sent. A
 * member that does not answer within {@link #PATIENCE} is frozen or leaving; the follow then goes
 * on, and what that member owns is read again when the cluster changes, as after any member's
 * fault.
 */
final class ChangeRouting implements AutoCloseable {

  static final String DIRECTORY = "lux-followers";

  private static final String TOPICS = "lux-changes-";

  /** How long a follow waits for the members to route by it. */
  static final Duration PATIENCE = Duration.ofSeconds(2);

  private static final char CHANGE = 'c';
  private static final char ACKNOWLEDGED = 'a';

  private static final System.Logger LOG = System.getLogger(ChangeRouting.class.getName());

  private final HazelcastInstance grid;
  private final IMap<String, String> documents;
  private final IMap<String, String> directory;
  private final ParsedChanges parsed;
  private final ChangeListeners listeners;
  private final Executor later;
  private final String node = UUID.randomUUID().toString();
  private final FollowerRoutes routes = new FollowerRoutes();
  private final RouteAcks acks = new RouteAcks();
  private final AtomicLong versions = new AtomicLong();
  private final Map<String, ITopic<String>> topics = new ConcurrentHashMap<>();
  private final ITopic<String> inbox;
  private final FollowedKeys followed;
  private final UUID inboxRegistration;
  private final UUID directoryRegistration;
  private final UUID ownedRegistration;

  /**
   * @param later publishes after an unfollow and after a merge, and clears the routes of members
   *     that left (one thread)
   */
  ChangeRouting(
      HazelcastInstance grid,
      IMap<String, String> documents,
      ParsedChanges parsed,
      ChangeListeners listeners,
      Executor later) {
    configure(grid);
    this.grid = grid;
    this.documents = documents;
    this.parsed = parsed;
    this.listeners = listeners;
    this.later = later;
    this.directory = TenantFree.map(grid, DIRECTORY);
    this.inbox = topic(node);
    this.inboxRegistration =
        inbox.addMessageListener(message -> received(message.getMessageObject()));
    this.directoryRegistration = directory.addEntryListener(new DirectoryEvents(), true);
    readDirectory();
    this.ownedRegistration =
        documents.addLocalEntryListener(new OwnedChanges(), new Followed(routes), true);
    this.followed = new FollowedKeys(this::publish, later);
  }

  /**
   * One backup; after a split heals, the merging side's views are dropped (each node publishes its
   * own again).
   */
  private static void configure(HazelcastInstance grid) {
    try {
      grid.getConfig()
          .addMapConfig(
              new MapConfig(DIRECTORY)
                  .setBackupCount(1)
                  .setMergePolicyConfig(
                      new MergePolicyConfig().setPolicy(DiscardMergePolicy.class.getName())));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "map " + DIRECTORY + " configured elsewhere", e);
    }
  }

  Interest interest() {
    return followed;
  }

  /**
   * After a split healed: reads every node's view again (the merge replaced this member's copy of
   * the directory without an event), publishes this node's own again (the side this node was on
   * dropped it), then runs {@code merged}, so what is read again from then on misses nothing.
   */
  void merged(Runnable merged) {
    later.execute(
        () -> {
          try {
            routes.keepOnly(node);
            readDirectory();
            followed.publishAgain();
            dropLeftMembers();
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "lux could not publish its view after a merge", e);
          } finally {
            merged.run();
          }
        });
  }

  /** A member left: its nodes are sent nothing more, and the oldest member drops their views. */
  void memberLeft(UUID member) {
    routes.removeMember(member.toString()).forEach(topics::remove);
    later.execute(this::dropLeftMembers);
  }

  private void dropLeftMembers() {
    Set<Member> members = grid.getCluster().getMembers();
    if (members.isEmpty() || !members.iterator().next().localMember()) {
      return; // the oldest member does it
    }
    Set<String> present = uuids(members);
    try {
      directory.forEach(
          (name, text) -> {
            if (!present.contains(FollowerRoutes.route(text).member())) {
              directory.remove(name, text); // unless the node published again meanwhile
            }
          });
    } catch (RuntimeException e) {
      // the grid is settling; the next member that leaves, or the next merge, clears them
      LOG.log(System.Logger.Level.INFO, "lux could not drop the views of nodes that left: " + e);
    }
  }

  private void readDirectory() {
    directory.forEach(
        (name, text) -> {
          if (!name.equals(node)) {
            routes.put(name, FollowerRoutes.route(text));
          }
        });
  }

  /** Runs on the caller's thread (a follow) or {@code later} (an unfollow, a merge). */
  private void publish(FollowedKeys.View view) {
    long version = versions.incrementAndGet();
    FollowerRoutes.Route route = new FollowerRoutes.Route(localMember(), version, view);
    routes.put(node, route);
    Set<String> others = otherMembers();
    directory.set(node, FollowerRoutes.text(route));
    Set<String> silent = acks.await(version, others, this::otherMembers, PATIENCE);
    if (!silent.isEmpty()) {
      LOG.log(
          System.Logger.Level.WARNING,
          "members "
              + silent
              + " did not confirm within "
              + PATIENCE.toMillis()
              + " ms that they send this node what it follows; what they own is read again when"
              + " the cluster changes");
    }
  }

  private void received(String message) {
    if (message.charAt(0) == ACKNOWLEDGED) {
      int space = message.indexOf(' ');
      acks.acknowledged(message.substring(space + 1), Long.parseLong(message, 1, space, 10));
    } else if (message.charAt(0) == CHANGE) {
      int lineBreak = message.indexOf('\n');
      String id = message.substring(1, lineBreak);
      listeners.publish(parsed.change(id, message.substring(lineBreak + 1)));
    }
  }

  private ITopic<String> topic(String name) {
    return topics.computeIfAbsent(name, key -> TenantFree.topic(grid, TOPICS + key));
  }

  private String localMember() {
    return grid.getCluster().getLocalMember().getUuid().toString();
  }

  private Set<String> otherMembers() {
    return grid.getCluster().getMembers().stream()
        .filter(member -> !member.localMember())
        .map(member -> member.getUuid().toString())
        .collect(Collectors.toSet());
  }

  private static Set<String> uuids(Set<Member> members) {
    return members.stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    documents.removeEntryListener(ownedRegistration);
    directory.removeEntryListener(directoryRegistration);
    inbox.removeMessageListener(inboxRegistration);
    try {
      directory.delete(node);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "lux could not remove its view at stop", e);
    }
  }

  /**
   * Runs where a change is made, on the owner's partition thread: whether any node follows the
   * document. A local listener's filter stays on this member, so it is never serialized.
   */
  private static final class Followed implements Predicate<String, String> {

    private static final long serialVersionUID = 1L;

    private final transient FollowerRoutes routes;

    Followed(FollowerRoutes routes) {
      this.routes = routes;
    }

    @Override
    public boolean apply(Map.Entry<String, String> entry) {
      return routes.followed(entry.getKey());
    }
  }

  /** Runs on the grid's event thread for each followed change of a document this member owns. */
  private final class OwnedChanges
      implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      send(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      send(event.getKey(), event.getValue());
    }

    private void send(String id, String text) {
      routes.forEachFollower(
          id,
          follower -> {
            if (follower.equals(node)) {
              listeners.publish(parsed.change(id, text));
            } else {
              topic(follower).publish(CHANGE + id + '\n' + text);
            }
          });
    }
  }

  /** Every node's view, as each node publishes it; each new one is acknowledged to its node. */
  private final class DirectoryEvents
      implements EntryAddedListener<String, String>,
          EntryUpdatedListener<String, String>,
          EntryRemovedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      heard(event.getKey(), event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      heard(event.getKey(), event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      if (!event.getKey().equals(node)) {
        routes.remove(event.getKey());
        topics.remove(event.getKey());
      }
    }

    private void heard(String name, String text) {
      if (name.equals(node)) {
        return;
      }
      FollowerRoutes.Route route = FollowerRoutes.route(text);
      routes.put(name, route);
      topic(name).publish(ACKNOWLEDGED + Long.toString(route.version()) + ' ' + localMember());
    }
  }
}
