package dev.aurorajca.driver.failover;

import static dev.aurorajca.driver.ClusterTestSupport.serverId;
import static dev.aurorajca.driver.ClusterTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimClusterConfig;
import dev.aurorajca.clustersim.SimClusterExtension;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.driver.AuroraConnection;
import dev.aurorajca.driver.DriverRuntime;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A switchover the old writer survives (what Aurora does when it fails over a healthy writer):
 * connections stay open on an instance that is now read-only and every write fails with 1290.
 * Its own cluster, because the switchover is done by hand behind cluster-sim's back.
 */
@ExtendWith(SimClusterExtension.class)
@SimClusterConfig(nodes = 2)
@DisplayName("connections left on a demoted writer")
@org.junit.jupiter.api.Tag("cluster")
class DemotedWriterTest {

    @Test
    @DisplayName("error 1290 on a demoted writer fails over to the real writer; validate() reports the stranded connection")
    void demotedWriterMovesToRealWriter(SimCluster cluster) throws SQLException {
        SimNode oldWriter = cluster.writer();
        SimNode newWriter = cluster.readers().get(0);
        try (Connection admin = cluster.adminConnection(oldWriter.id()); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + cluster.database() + ".d (id INT PRIMARY KEY)");
        }
        try (DriverRuntime runtime = new DriverRuntime("demote");
             AuroraConnection writing = runtime.connect(settings(cluster, oldWriter, Map.of()));
             AuroraConnection idle = runtime.connect(settings(cluster, oldWriter, Map.of()))) {
            assertEquals(oldWriter.id(), serverId(writing));
            assertTrue(idle.validate(2));

            try (Connection a = cluster.adminConnection(oldWriter.id()); Statement st = a.createStatement()) {
                st.execute("SET GLOBAL read_only = 1");
            }
            try (Connection b = cluster.adminConnection(newWriter.id()); Statement st = b.createStatement()) {
                st.execute("STOP SLAVE");
                st.execute("RESET SLAVE ALL");
                st.execute("SET GLOBAL read_only = 0");
            }

            SQLException e = assertThrows(SQLException.class, () -> {
                try (Statement st = writing.createStatement()) {
                    st.executeUpdate("INSERT INTO d VALUES (1)");
                }
            });
            assertEquals("08S02", e.getSQLState(), () -> "got " + e);
            assertEquals(newWriter.id(), serverId(writing));
            assertFalse(idle.validate(2), "once the driver knows the writer moved, a connection left on the old one is invalid");
            try (Statement st = writing.createStatement()) {
                assertEquals(1, st.executeUpdate("INSERT INTO d VALUES (1)"));
            }
        }
    }
}
