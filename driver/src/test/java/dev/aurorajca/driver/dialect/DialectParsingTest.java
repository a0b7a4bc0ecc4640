package dev.aurorajca.driver.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajca.driver.config.AuroraSettings;
import dev.aurorajca.driver.config.HostPattern;
import dev.aurorajca.driver.config.InvalidSettingException;
import dev.aurorajca.driver.topology.Topology;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("dialects turn topology rows into a topology")
@org.junit.jupiter.api.Tag("unit")
class DialectParsingTest {

    private static final HostPattern PATTERN = new HostPattern("?.abc.us-east-1.rds.amazonaws.com", 3306);

    @Test
    @DisplayName("Aurora: zero writers means ask again")
    void auroraNoWriter() {
        var rows = List.of(new AuroraMysqlDialect.Row("i1", false, Timestamp.valueOf("2026-01-01 00:00:00")),
                new AuroraMysqlDialect.Row("i2", false, Timestamp.valueOf("2026-01-01 00:00:01")));
        assertNull(AuroraMysqlDialect.toTopology(rows, PATTERN, 0));
    }

    @Test
    @DisplayName("Aurora: two writers, the most recently updated wins")
    void auroraTwoWriters() {
        var rows = List.of(new AuroraMysqlDialect.Row("old", true, Timestamp.valueOf("2026-01-01 00:00:00")),
                new AuroraMysqlDialect.Row("new", true, Timestamp.valueOf("2026-01-01 00:00:05")),
                new AuroraMysqlDialect.Row("r", false, Timestamp.valueOf("2026-01-01 00:00:05")));
        Topology t = AuroraMysqlDialect.toTopology(rows, PATTERN, 0);
        assertEquals("new.abc.us-east-1.rds.amazonaws.com", t.writer().host());
        assertEquals(3306, t.writer().port());
        assertEquals(2, t.readers().size());
    }

    @Test
    @DisplayName("Aurora: instance pattern derived from the cluster endpoint, required for IPs")
    void auroraPattern() throws Exception {
        AuroraSettings s = AuroraSettings.of("mydb.cluster-ro-abc123.eu-west-1.rds.amazonaws.com", 3306, "d", Map.of());
        assertEquals("?.abc123.eu-west-1.rds.amazonaws.com", AuroraMysqlDialect.instancePattern(s).template());
        AuroraSettings ip = AuroraSettings.of("10.0.0.5", 3306, "d", Map.of());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> AuroraMysqlDialect.instancePattern(ip));
        assertEquals("clusterInstanceHostPattern", e.property());
    }

    @Test
    @DisplayName("Multi-AZ: MySQL 8 Source_Server_Id and MariaDB Master_Server_Id")
    void replicaStatusColumns() throws SQLException {
        assertEquals("Source_Server_Id", RdsMultiAzMysqlDialect.writerIdColumn(List.of("Replica_IO_State", "Source_Host", "Source_Server_Id")));
        assertEquals("Master_Server_Id", RdsMultiAzMysqlDialect.writerIdColumn(List.of("Slave_IO_State", "Master_Host", "Master_Server_Id")));
        assertThrows(SQLException.class, () -> RdsMultiAzMysqlDialect.writerIdColumn(List.of("Foo")));
    }

    @Test
    @DisplayName("Multi-AZ: rows plus writer id; a writer id not among the rows means ask again")
    void multiAzRows() {
        var rows = List.of(new RdsMultiAzMysqlDialect.Row("1", "127.0.0.1", 4001), new RdsMultiAzMysqlDialect.Row("2", "127.0.0.1", 4002));
        Topology t = RdsMultiAzMysqlDialect.toTopology(rows, "2", 0);
        assertEquals(4002, t.writer().port());
        assertEquals(List.of(4001), t.readers().stream().map(h -> h.port()).toList());
        assertNull(RdsMultiAzMysqlDialect.toTopology(rows, "9", 0));
    }
}
