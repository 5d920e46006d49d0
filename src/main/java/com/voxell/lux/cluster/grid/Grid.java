package com.voxell.lux.cluster.grid;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.voxell.lux.cluster.control.ClusterEngine;
import com.voxell.lux.cluster.control.SharedRateLimiter;
import com.voxell.lux.cluster.control.TextEntries;
import com.voxell.lux.documents.control.Backplane;
import com.voxell.lux.documents.control.RateLimiter;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The server's running Hazelcast member and the Lux parts built on it. Payara binds its member at
 * JNDI {@code payara/Hazelcast} when its data grid is on. Nothing outside this package sees a
 * Hazelcast type, so a server without Hazelcast never loads one.
 */
public final class Grid implements ClusterEngine {

  private static final System.Logger LOG = System.getLogger(Grid.class.getName());

  public static final String JNDI_NAME = "payara/Hazelcast";

  /** Write allowances, by writer name. */
  public static final String ALLOWANCES = "lux-write-allowances";

  /**
   * An idle writer's bucket is full again after a second; keep it a little longer, then drop it.
   */
  private static final long ALLOWANCE_IDLE_SECONDS = 60;

  private final HazelcastInstance member;
  private final ThreadFactory threads;
  private final MemberQuorum quorum;
  private final HazelcastBackplane backplane;
  private final SharedRateLimiter rateLimiter;

  private Grid(HazelcastInstance member, ThreadFactory threads, Clock clock, String quorum) {
    this.member = member;
    this.threads = threads;
    this.quorum = new MemberQuorum(member.getCluster(), quorumSize(quorum, member));
    this.backplane = new HazelcastBackplane(member, this.quorum, threads);
    IMap<String, String> allowances = TenantFreeMaps.of(member, ALLOWANCES);
    this.rateLimiter =
        new SharedRateLimiter(
            TextEntries.expiring(
                allowances,
                (writer, text) ->
                    allowances.putIfAbsent(writer, text, ALLOWANCE_IDLE_SECONDS, TimeUnit.SECONDS)),
            clock);
  }

  /**
   * The server's running member, if it has one; call only when Hazelcast's classes are visible.
   *
   * @param quorum {@code lux.cluster.quorum}: the members a write needs, or {@code majority} of the
   *     static member list
   */
  public static Optional<Grid> ofServer(ThreadFactory threads, Clock clock, String quorum) {
    Object found;
    try {
      found = new InitialContext().lookup(JNDI_NAME);
    } catch (NamingException e) {
      return Optional.empty();
    }
    if (found instanceof HazelcastInstance member && member.getLifecycleService().isRunning()) {
      return Optional.of(new Grid(member, threads, clock, quorum));
    }
    return Optional.empty();
  }

  /**
   * {@code majority}: more than half of the members listed for TCP/IP discovery (Payara's {@code
   * --clustermode tcpip:}); else a number of members. A grid found by other means (Payara Server's
   * domain discovery, multicast, Kubernetes) lists no members, so there is no majority to count:
   * then every write needs only this member, as before quorums existed, and the log says how to ask
   * for more, rather than failing a deployment that worked.
   */
  static int quorumSize(String setting, HazelcastInstance member) {
    String chosen = setting.trim();
    if (!chosen.equalsIgnoreCase("majority")) {
      try {
        return Integer.parseInt(chosen);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            "lux.cluster.quorum must be 'majority' or a number of members, not '" + setting + "'");
      }
    }
    long listed =
        member.getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers().stream()
            .flatMap(entry -> Arrays.stream(entry.split("[,;\\s]+")))
            .filter(address -> !address.isBlank())
            .distinct()
            .count();
    if (listed == 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "lux.cluster.quorum=majority: this grid has no static member list (Payara Micro:"
              + " --clustermode tcpip:HOST:PORT,...), so writes need 1 member; set"
              + " lux.cluster.quorum to a number of members to refuse writes on a minority");
      return 1;
    }
    return (int) (listed / 2 + 1);
  }

  /**
   * Runs {@code changed} on a grid thread when this member loses its quorum (a member left and too
   * few remain) and again when it has one back after such a loss (it merged back into the majority,
   * whose documents replaced its own without a change event).
   */
  @Override
  public void onQuorumChange(Runnable changed) {
    AtomicBoolean lost = new AtomicBoolean();
    member
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                if (quorum.met() && lost.compareAndSet(true, false)) {
                  // Merged back: the majority's documents are still moving in; tell once they are.
                  threads.newThread(() -> afterMigrations(changed)).start();
                }
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                if (!quorum.met() && lost.compareAndSet(false, true)) {
                  changed.run();
                }
              }
            });
  }

  /** Runs {@code then} once no partition is migrating (or after a minute, whichever is first). */
  private void afterMigrations(Runnable then) {
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try {
      while (!member.getPartitionService().isClusterSafe() && System.nanoTime() < until) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException stopping) {
      return; // the member shuts down
    }
    then.run();
  }

  @Override
  public int members() {
    return member.getCluster().getMembers().size();
  }

  @Override
  public Backplane backplane() {
    return backplane;
  }

  @Override
  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  /** For the start-up log line: this member, its cluster and how many members it sees. */
  @Override
  public String describe() {
    return "member "
        + member.getCluster().getLocalMember().getAddress()
        + " of cluster '"
        + member.getConfig().getClusterName()
        + "' with "
        + member.getCluster().getMembers().size()
        + " member(s), writes need "
        + quorum.size()
        + " (lux.cluster.quorum)";
  }

  @Override
  public void close() {
    backplane.close();
  }
}
