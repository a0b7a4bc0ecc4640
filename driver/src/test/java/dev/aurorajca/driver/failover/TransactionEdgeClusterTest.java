package dev.aurorajca.driver.failover;

import static dev.aurorajca.driver.ClusterTestSupport.await;
import static dev.aurorajca.driver.ClusterTestSupport.count;
import static dev.aurorajca.driver.ClusterTestSupport.driverThreads;
import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.ClusterTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12 against a real cluster: a begin or the autocommit reset after a commit never fails
 * because of a failover that succeeded, a rollback across a failover is silent, and a failover
 * while a commit is in flight is 08007, never 08S02. The crash lands at an exact point: the test
 * crashes the writer between two calls, or freezes it ({@code hang}) while a commit waits for
 * its answer and then crashes and replaces it.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 3)
@DisplayName("transactions at the edge of a failover, against a real 3-node cluster")
@org.junit.jupiter.api.Tag("cluster")
class TransactionEdgeClusterTest {

    private DriverRuntime runtime;

    @BeforeAll
    static void schema(SimCluster cluster) throws SQLException {
        try (Connection c = cluster.adminConnection(cluster.writer().id()); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + cluster.database() + ".edge (id INT PRIMARY KEY, v VARCHAR(20))");
        }
    }

    @BeforeEach
    void healthy(SimCluster cluster) {
        cluster.healAll();
        runtime = new DriverRuntime("edge");
    }

    @AfterEach
    void closeRuntime() {
        runtime.close();
        assertTrue(driverThreads().stream().noneMatch(n -> n.contains(runtime.name())), "threads left: " + driverThreads());
    }

    private AuroraConnection writerConnection(SimCluster cluster) throws SQLException {
        return runtime.connect(settings(cluster, cluster.writer(), Map.of()));
    }

    private static void insert(Connection c, int id) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO edge VALUES (" + id + ", 'x')");
        }
    }

    private static void clear(Connection c, int from, int to) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DELETE FROM edge WHERE id BETWEEN " + from + " AND " + to);
        }
    }

    @Test
    @DisplayName("commit OK, writer crash, then setAutoCommit(true): no error, the row is on the new writer, autocommit on")
    void resetAfterCommittedTransaction(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster)) {
            clear(c, 100, 199);
            c.setAutoCommit(false);
            insert(c, 101);
            c.commit();

            FailoverResult f = cluster.failover(); // exactly between the commit's OK and the reset

            c.setAutoCommit(true); // must not report the committed transaction as "did not run"
            assertTrue(c.getAutoCommit());
            assertEquals(f.newWriterId(), serverId(c), "the reset was done on the new writer");
            assertEquals(1, count(c, "SELECT @@autocommit"), "autocommit on, on the server too");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM edge WHERE id = 101"), "the committed row is there");
        }
    }

    @Test
    @DisplayName("idle connection, writer crash, then setAutoCommit(false) to begin: no error, the transaction runs on the new writer")
    void beginAfterCrash(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster)) {
            clear(c, 200, 299);
            FailoverResult f = cluster.failover();

            c.setAutoCommit(false); // begin: nothing has run, so nothing to report
            insert(c, 201);
            c.commit();
            c.setAutoCommit(true);
            assertEquals(f.newWriterId(), serverId(c));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM edge WHERE id = 201"));
        }
    }

    @Test
    @DisplayName("rollback after a crash inside a transaction is silent; the connection works on the new writer")
    void rollbackAfterCrash(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster)) {
            clear(c, 300, 399);
            c.setAutoCommit(false);
            insert(c, 301);
            FailoverResult f = cluster.failover();

            c.rollback(); // the transaction ended with the old writer: nothing to roll back
            assertEquals(f.newWriterId(), serverId(c));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM edge WHERE id = 301"));
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    @DisplayName("failover while commit() of a transaction with writes is in flight: 08007")
    void commitInFlightWithWrites(SimCluster cluster) throws Exception {
        try (AuroraConnection c = writerConnection(cluster)) {
            clear(c, 400, 499);
            c.setAutoCommit(false);
            insert(c, 401);
            SQLException e = commitWhileWriterFailsOver(cluster, c);
            assertEquals("08007", e.getSQLState(), () -> "expected 08007, got " + e);
            assertInstanceOf(TransactionStateUnknownSQLException.class, e);
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    @DisplayName("failover while commit() of a transaction that wrote nothing yet is in flight: still 08007, never 08S02")
    void commitInFlightWithoutWrites(SimCluster cluster) throws Exception {
        try (AuroraConnection c = writerConnection(cluster)) {
            c.setAutoCommit(false);
            SQLException e = commitWhileWriterFailsOver(cluster, c);
            assertEquals("08007", e.getSQLState(), () -> "expected 08007, got " + e);
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    @Test
    @DisplayName("rollback() in autocommit mode (Connector/J: 08003 on a healthy link) is a usage error: no failover, same MySQL connection")
    void rollbackInAutocommitIsNoFailover(SimCluster cluster) throws SQLException {
        try (AuroraConnection c = writerConnection(cluster)) {
            long before = count(c, "SELECT CONNECTION_ID()");
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, c::rollback);
            assertEquals("08003", e.getSQLState(), () -> "got " + e);
            assertEquals(before, count(c, "SELECT CONNECTION_ID()"), "the healthy link was replaced by a needless failover");
            assertTrue(c.isUsable());
        }
    }

    /**
     * Freezes the writer, starts {@code commit()} in another thread, waits until that thread is
     * blocked reading the answer, then crashes the frozen writer and promotes a replica. Returns
     * what the commit threw.
     */
    private static SQLException commitWhileWriterFailsOver(SimCluster cluster, Connection c) throws Exception {
        cluster.hang(cluster.writer().id());
        AtomicReference<Thread> committer = new AtomicReference<>();
        CompletableFuture<SQLException> commit = CompletableFuture.supplyAsync(() -> {
            committer.set(Thread.currentThread());
            try {
                c.commit();
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        await("the commit is waiting for the frozen writer's answer", Duration.ofSeconds(10), () -> {
            Thread t = committer.get();
            return t != null && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().contains("read")
                    && f.getClassName().startsWith("com.mysql.cj.protocol"))
                    && Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("commit"));
        });
        cluster.failover();
        SQLException e = commit.get(30, TimeUnit.SECONDS);
        if (e == null) {
            fail("commit() returned normally although the writer was frozen and then crashed before answering");
        }
        assertFalse(e.getSQLState().equals("08S02"), "a commit in flight must never be reported as 'did not run'");
        return e;
    }
}
