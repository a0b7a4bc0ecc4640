package dev.aurorajca.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * An Aurora blue/green deployment: a blue {@link SimCluster} (production) and a green one of the
 * same shape whose writer replicates from blue's writer, with the deployment's metadata in
 * {@code mysql.rds_topology} on every instance of both, and a {@link #switchover} that walks the
 * phases RDS walks. Started by {@code SimCluster.builder().aurora(true).blueGreen(true).start()},
 * which returns the blue cluster; {@code blue.blueGreen()} gives this.
 *
 * <pre>{@code
 * try (SimCluster blue = SimCluster.builder().aurora(true).blueGreen(true).nodes(2).start()) {
 *   SimBlueGreen bg = blue.blueGreen().orElseThrow();
 *   bg.phase();                                                   // CREATED
 *   CompletableFuture<SimBlueGreen.Result> done = bg.switchoverAsync(SimBlueGreen.options().phaseMs(500));
 *   bg.awaitPhase(SimBlueGreen.Phase.IN_PROGRESS, Duration.ofSeconds(30));  // blue is read-only now
 *   SimBlueGreen.Result r = done.join();                          // COMPLETED: green has blue's names
 * }
 * }</pre>
 *
 * <p>Closing the blue cluster (or this) closes both. {@link #blue()} and {@link #green()} stay the
 * same objects across a switchover: afterwards {@code green()} carries the production names and
 * {@code blue()} the {@code -old1} ones.
 */
public final class SimBlueGreen implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SimBlueGreen.class.getName());

  /** The green resources' name suffix, {@code -green-} and six characters, as RDS names them. */
  public static final String GREEN_SUFFIX = "-green-bgsim1";
  /** What a switchover appends to the blue resources' names. */
  public static final String OLD_SUFFIX = "-old1";
  /** The metadata format version in {@code mysql.rds_topology.version}. */
  public static final String METADATA_VERSION = "1.0";
  public static final String ROLE_SOURCE = "BLUE_GREEN_DEPLOYMENT_SOURCE";
  public static final String ROLE_TARGET = "BLUE_GREEN_DEPLOYMENT_TARGET";

  /**
   * A deployment's phase; {@link #status()} is the {@code status} column Aurora writes for it.
   * The names are the AWS JDBC wrapper's.
   */
  public enum Phase {
    CREATED("AVAILABLE"),
    PREPARATION("SWITCHOVER_INITIATED"),
    IN_PROGRESS("SWITCHOVER_IN_PROGRESS"),
    POST("SWITCHOVER_IN_POST_PROCESSING"),
    COMPLETED("SWITCHOVER_COMPLETED");

    private final String status;

    Phase(String status) {
      this.status = status;
    }

    /** The value of {@code mysql.rds_topology.status} in this phase. */
    public String status() {
      return status;
    }
  }

  /** A phase the deployment entered, when (after its rows were written), and whether in a rollback. */
  public record PhaseChange(Phase phase, Instant at, boolean rollback) {
  }

  /**
   * What a switchover did: the phases it went through, whether it rolled back, and how long no
   * writer accepted writes (blue read-only → green writable, or blue writable again on rollback).
   */
  public record Result(boolean rolledBack, List<PhaseChange> phases, Duration writesBlocked, Instant dnsMovedAt) {
  }

  /** Options of a switchover; {@link #options()} gives the defaults. */
  public static final class Options {
    private long phaseMs = 1000;
    private long dnsLagMs = -1;
    private boolean rollback;

    private Options() {
    }

    /**
     * How long each of SWITCHOVER_INITIATED, SWITCHOVER_IN_PROGRESS (with blue read-only, before
     * connections are dropped) and SWITCHOVER_IN_POST_PROCESSING (after the DNS moved) lasts at
     * least. Default 1000.
     */
    public Options phaseMs(long phaseMs) {
      if (phaseMs < 0 || phaseMs > 600_000) {
        throw new IllegalArgumentException("phaseMs must be 0..600000, got " + phaseMs);
      }
      this.phaseMs = phaseMs;
      return this;
    }

    /**
     * How long after the renames the names still resolve as before (blue's names to blue, green's
     * to green). Default: the clusters' endpoint lag ({@link SimCluster#endpointLag()}, 5000 ms
     * in Aurora mode unless configured).
     */
    public Options dnsLagMs(long dnsLagMs) {
      if (dnsLagMs < 0 || dnsLagMs > 600_000) {
        throw new IllegalArgumentException("dnsLagMs must be 0..600000, got " + dnsLagMs);
      }
      this.dnsLagMs = dnsLagMs;
      return this;
    }

    /** The switchover fails during SWITCHOVER_IN_PROGRESS and the deployment returns to AVAILABLE on blue. */
    public Options rollback(boolean rollback) {
      this.rollback = rollback;
      return this;
    }

    public long phaseMs() {
      return phaseMs;
    }

    public long dnsLagMs() {
      return dnsLagMs;
    }

    public boolean rollback() {
      return rollback;
    }
  }

  public static Options options() {
    return new Options();
  }

  private final SimCluster blue;
  private final SimCluster green;
  private final String baseName;
  private final Object phaseLock = new Object();
  private final List<PhaseChange> history = new ArrayList<>();
  private final List<Consumer<PhaseChange>> listeners = new CopyOnWriteArrayList<>();
  private final Object switchLock = new Object();
  private volatile Phase phase = Phase.CREATED;
  private volatile boolean switchedOver;
  private volatile boolean running;

  private SimBlueGreen(SimCluster blue, SimCluster green, String baseName) {
    this.blue = blue;
    this.green = green;
    this.baseName = baseName;
  }

  /** Starts blue, then green replicating from blue's writer; writes the AVAILABLE rows on both. */
  static SimBlueGreen start(SimCluster.Builder config) throws IOException {
    SimCluster blue = config.startOne();
    try {
      SimCluster.Builder g = config.copy();
      g.dataDir(blue.dir().resolve("green"));
      String baseName = blue.clusterEndpoint().orElseThrow();
      baseName = baseName.substring(0, baseName.indexOf(".cluster-"));
      g.clusterName(baseName + GREEN_SUFFIX);
      g.instanceSuffix = GREEN_SUFFIX;
      g.addressOctet = 1;
      g.serverIdBase = 100;
      g.proxyPrefix = "cluster-sim-green-proxy-";
      g.fixedEndpointPort = blue.endpointPort();
      g.sharedHosts = blue.hosts();
      g.clearCustomEndpoints();
      SimCluster green = g.startOne();
      SimBlueGreen bg = new SimBlueGreen(blue, green, baseName);
      blue.blueGreen(bg);
      green.blueGreen(bg);
      bg.connect();
      return bg;
    } catch (IOException | RuntimeException e) {
      blue.close(); // also the green cluster, once it is attached
      throw e;
    }
  }

  /** Green's writer: read-only (RDS makes the green databases read-only) and replicating from blue's. */
  private void connect() throws IOException {
    SimNode gw = green.writer();
    green.sqlOn(gw, "SET GLOBAL read_only=1");
    green.replicate(gw, blue.writer());
    green.catchUp(gw, blue.writer());
    writeRows(Phase.CREATED);
    recordPhase(Phase.CREATED, false);
  }

  /**
   * After {@code cluster.failover()} before a switchover: green's (new) writer replicates from
   * blue's (new) writer and stays read-only. After a switchover the clusters are separate.
   */
  void writerChanged(SimCluster cluster) throws IOException {
    if (switchedOver) {
      return;
    }
    SimNode gw = green.writer();
    if (cluster == green) {
      green.sqlOn(gw, "SET GLOBAL read_only=1");
    }
    green.replicate(gw, blue.writer());
    green.catchUp(gw, blue.writer());
  }

  // ---------------------------------------------------------------- accessors

  /** The source cluster (production until a switchover; {@code -old1} names after one). */
  public SimCluster blue() {
    return blue;
  }

  /** The target cluster ({@code -green-bgsim1} names until a switchover; production names after one). */
  public SimCluster green() {
    return green;
  }

  public Phase phase() {
    return phase;
  }

  /** Every phase entered so far, in order, starting with CREATED. */
  public List<PhaseChange> history() {
    synchronized (phaseLock) {
      return List.copyOf(history);
    }
  }

  /** True once a switchover completed: green took blue's names. */
  public boolean isSwitchedOver() {
    return switchedOver;
  }

  /** True while a switchover runs. */
  public boolean isSwitchoverRunning() {
    return running;
  }

  /** The hosts file both clusters' names resolve through. */
  public Path hostsFile() {
    return blue.hostsFile().orElseThrow();
  }

  /** What the sim's DNS (the hosts file) answers for {@code name} right now; empty if the name does not resolve. */
  public Optional<String> resolve(String name) {
    return blue.hosts().address(name);
  }

  /** A registered {@link #onPhase} listener; {@link #close()} removes it. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Calls {@code listener} on the switchover's thread after each phase's rows are written on both
   * clusters, before the phase goes on: a test can look at the deployment in exactly that state.
   */
  public Subscription onPhase(Consumer<PhaseChange> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  /** Waits until the deployment is in {@code wanted} (or entered it since {@code history()} began); false on timeout. */
  public boolean awaitPhase(Phase wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (phaseLock) {
      while (phase != wanted) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(phaseLock, left);
      }
      return true;
    }
  }

  // ---------------------------------------------------------------- switchover

  /** A switchover with the default options; returns when it completed (or rolled back). */
  public Result switchover() {
    return switchover(options());
  }

  /**
   * Walks the phases as RDS does and returns when the deployment is COMPLETED (or, with
   * {@link Options#rollback(boolean)}, AVAILABLE on blue again):
   * <ol>
   * <li>SWITCHOVER_INITIATED: green caught up with blue; {@code phaseMs}.</li>
   * <li>SWITCHOVER_IN_PROGRESS (blue's writer {@code read_only=1} first); {@code phaseMs}; then every
   * connection to both clusters is dropped and new ones are refused, green catches up with
   * blue's last write, stops replicating; the instances and endpoints are renamed (blue's get
   * {@code -old1}, green's take blue's names); green's writer {@code read_only=0}.</li>
   * <li>SWITCHOVER_IN_POST_PROCESSING (rows written before connections are let in again):
   * the {@code -old1} names resolve at once; blue's names keep resolving to blue and green's old
   * names to green for {@code dnsLagMs}, then blue's names resolve to green and green's old names
   * no longer resolve; {@code phaseMs}.</li>
   * <li>SWITCHOVER_COMPLETED. The old blue stays read-only.</li>
   * </ol>
   * A rollback leaves SWITCHOVER_IN_PROGRESS after the catch-up: blue writable again, connections
   * let in, AVAILABLE on both, no name changed, green still replicating. A switchover that fails
   * before the renames (e.g. green does not catch up within 30 s) rolls back the same way and then
   * throws.
   */
  public Result switchover(Options options) {
    synchronized (switchLock) {
      if (switchedOver) {
        throw new IllegalStateException("the deployment has already switched over");
      }
      running = true;
      try {
        return run(options);
      } catch (IOException e) {
        throw new UncheckedIOException("switchover failed in phase " + phase, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("switchover interrupted in phase " + phase, e);
      } finally {
        running = false;
      }
    }
  }

  /** Runs {@link #switchover(Options)} on a new daemon thread {@code cluster-sim-switchover}. */
  public CompletableFuture<Result> switchoverAsync(Options options) {
    CompletableFuture<Result> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(switchover(options));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "cluster-sim-switchover");
    t.setDaemon(true);
    t.start();
    return f;
  }

  private Result run(Options o) throws IOException, InterruptedException {
    long dnsLagMs = o.dnsLagMs >= 0 ? o.dnsLagMs : blue.endpointLag().toMillis();
    int first = history().size();
    SimNode bw = blue.writer();
    SimNode gw = green.writer();

    long blocked = 0;
    boolean renamed = false;
    try {
      enter(Phase.PREPARATION, false);
      green.catchUp(gw, bw);
      hold(o.phaseMs);

      blue.sqlOn(bw, "SET GLOBAL read_only=1"); // writes stop before anyone reads IN_PROGRESS
      blocked = System.nanoTime();
      enter(Phase.IN_PROGRESS, false);
      hold(o.phaseMs);
      blue.refuseConnections(true);
      green.refuseConnections(true);
      green.catchUp(gw, bw);
      if (o.rollback) {
        return rollBack(bw, gw, blocked, first);
      }
      green.sqlOn(gw, "STOP SLAVE", "RESET SLAVE ALL");
      for (SimNode r : green.readers()) {
        if (!r.isHung()) {
          green.catchUp(r, gw);
        }
      }
      renamed = true; // no way back from here
      blue.rename(baseName + OLD_SUFFIX, OLD_SUFFIX);
      green.rename(baseName, "");
      green.sqlOn(gw, "SET GLOBAL read_only=0");
      Duration writesBlocked = Duration.ofNanos(System.nanoTime() - blocked);
      switchedOver = true;
      // The new names for the old blue resolve at once; the rest moves after the DNS lag.
      HostsFile hosts = blue.hosts();
      for (SimNode n : blue.nodes()) {
        hosts.put(n.host(), n.address());
      }
      hosts.put(blue.clusterEndpoint().orElseThrow(), blue.clusterAddress());
      hosts.put(blue.readerEndpoint().orElseThrow(), blue.readerAddress());
      hosts.write();
      writeRows(Phase.POST); // before anyone gets in again
      blue.refuseConnections(false);
      green.refuseConnections(false);
      announce(Phase.POST, false);
      hold(dnsLagMs);
      for (SimNode n : green.nodes()) {
        hosts.remove("instance-" + n.id() + GREEN_SUFFIX + n.host().substring(n.host().indexOf('.')));
        hosts.put(n.host(), n.address());
      }
      String greenCluster = green.clusterEndpoint().orElseThrow();
      String greenReader = green.readerEndpoint().orElseThrow();
      hosts.remove(greenCluster.replaceFirst("\\.cluster-", GREEN_SUFFIX + ".cluster-"));
      hosts.remove(greenReader.replaceFirst("\\.cluster-ro-", GREEN_SUFFIX + ".cluster-ro-"));
      hosts.put(greenCluster, green.clusterAddress());
      hosts.put(greenReader, green.readerAddress());
      hosts.write();
      Instant dnsMovedAt = Instant.now();
      hold(o.phaseMs);
      enter(Phase.COMPLETED, false);
      LOG.info(() -> "cluster-sim: blue/green switchover completed; writes were blocked for "
          + writesBlocked.toMillis() + " ms");
      return new Result(false, history().subList(first, history().size()), writesBlocked, dnsMovedAt);
    } catch (IOException | RuntimeException | InterruptedException e) {
      if (!renamed) {
        // As RDS does when a switchover fails before the renames: back to blue.
        LOG.warning(() -> "cluster-sim: switchover failed, rolling back: " + e.getMessage());
        try {
          rollBack(bw, gw, blocked, first);
        } catch (IOException | RuntimeException r) {
          e.addSuppressed(r);
        }
      }
      throw e;
    } finally {
      blue.refuseConnections(false);
      green.refuseConnections(false);
    }
  }

  /** Blue writable again, green replicating again, AVAILABLE on both, connections let in. */
  private Result rollBack(SimNode bw, SimNode gw, long blocked, int first) throws IOException {
    blue.sqlOn(bw, "SET GLOBAL read_only=0");
    Duration writesBlocked = blocked == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - blocked);
    green.replicate(gw, bw); // a no-op restart if it never stopped
    writeRows(Phase.CREATED);
    blue.refuseConnections(false);
    green.refuseConnections(false);
    announce(Phase.CREATED, true);
    List<PhaseChange> all = history();
    return new Result(true, all.subList(first, all.size()), writesBlocked, null);
  }

  /** Waits {@code millis}: the phase's duration, not a wait for a condition. */
  private static void hold(long millis) throws InterruptedException {
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  private void enter(Phase next, boolean rollback) {
    writeRows(next);
    announce(next, rollback);
  }

  private void announce(Phase next, boolean rollback) {
    PhaseChange change = recordPhase(next, rollback);
    for (Consumer<PhaseChange> l : listeners) {
      try {
        l.accept(change);
      } catch (RuntimeException | AssertionError e) {
        LOG.warning(() -> "cluster-sim: a blue/green phase listener failed: " + e);
      }
    }
  }

  private PhaseChange recordPhase(Phase next, boolean rollback) {
    synchronized (phaseLock) {
      phase = next;
      PhaseChange change = new PhaseChange(next, Instant.now(), rollback);
      history.add(change);
      phaseLock.notifyAll();
      return change;
    }
  }

  /**
   * The rows Aurora MySQL 3.07+ shows in {@code mysql.rds_topology} during a deployment, the same
   * on both clusters: per cluster its writer (cluster) endpoint and each instance endpoint, with
   * the cluster's role and the deployment's status.
   */
  private void writeRows(Phase p) {
    StringBuilder rows = new StringBuilder();
    int id = 0;
    for (SimCluster c : List.of(blue, green)) {
      String role = c == blue ? ROLE_SOURCE : ROLE_TARGET;
      List<String> endpoints = new ArrayList<>();
      endpoints.add(c.clusterEndpoint().orElseThrow());
      for (SimNode n : c.nodes()) {
        endpoints.add(n.host());
      }
      for (String e : endpoints) {
        rows.append(rows.length() == 0 ? "" : ", ").append('(').append(++id).append(", '").append(e).append("', ")
            .append(c.endpointPort()).append(", '").append(role).append("', '").append(p.status()).append("', '")
            .append(METADATA_VERSION).append("')");
      }
    }
    blue.writeBlueGreenRows(rows.toString());
    green.writeBlueGreenRows(rows.toString());
  }

  /** Closes both clusters. */
  @Override
  public void close() {
    blue.close();
    green.close();
  }
}
