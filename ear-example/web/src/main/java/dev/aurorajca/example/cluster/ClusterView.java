package dev.aurorajca.example.cluster;

import dev.aurorajca.example.bank.ServedBy;
import dev.aurorajca.example.failover.RetryOnFailover;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the application sees of the cluster, with plain JDBC on both connection factories: the
 * instance a writer connection is on, the instance a reader connection is on, and the instances
 * the cluster's own topology table lists. No transaction: each connection is used for one
 * question and closed (back to the pool).
 */
@ApplicationScoped
public class ClusterView {

    @Resource(lookup = "java:app/aurora/writer")
    DataSource writer;

    @Resource(lookup = "java:app/aurora/reader")
    DataSource reader;

    /** Idempotent (reads only), so a failover in the middle is retried whatever the SQLState. */
    @RetryOnFailover(idempotent = true)
    public ClusterState describe() throws SQLException {
        ServedBy w;
        List<Instance> instances;
        try (Connection c = writer.getConnection()) {
            w = ServedBy.of(c);
            instances = topology(c, w.serverId());
        }
        ServedBy r;
        try (Connection c = reader.getConnection()) {
            r = ServedBy.of(c);
        }
        return new ClusterState(w, r, instances);
    }

    /**
     * The instances the cluster lists. RDS Multi-AZ (and cluster-sim) keep them in
     * {@code mysql.rds_topology} (ids are {@code @@server_id}s); Aurora in
     * {@code information_schema.replica_host_status}. The driver asks the same tables.
     */
    private static List<Instance> topology(Connection c, long writerServerId) throws SQLException {
        List<Instance> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, endpoint, port FROM mysql.rds_topology ORDER BY id")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                out.add(new Instance(Long.toString(id), rs.getString(2), rs.getInt(3), id == writerServerId ? "writer" : "reader"));
            }
            if (!out.isEmpty()) {
                return out; // an empty table (Aurora has one for blue/green deployments): ask Aurora's
            }
        } catch (SQLException notRdsMultiAz) {
            // fall through to Aurora's table
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT server_id, session_id FROM information_schema.replica_host_status")) {
            while (rs.next()) {
                out.add(new Instance(rs.getString(1), rs.getString(1), 0,
                        "MASTER_SESSION_ID".equals(rs.getString(2)) ? "writer" : "reader"));
            }
        } catch (SQLException noTopologyTable) {
            // plain MySQL: one instance, nothing to list
        }
        return out;
    }

    /** One instance of the cluster: its id, the address clients use, and its role. */
    public record Instance(String id, String endpoint, int port, String role) {
    }

    /** {@code writer}/{@code reader}: the instances that served this request's two connections. */
    public record ClusterState(ServedBy writer, ServedBy reader, List<Instance> instances) {
    }
}
