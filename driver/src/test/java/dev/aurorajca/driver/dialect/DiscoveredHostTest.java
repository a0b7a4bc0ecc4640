package dev.aurorajca.driver.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.driver.config.HostPattern;
import dev.aurorajca.driver.topology.HostSpec;
import dev.aurorajca.driver.topology.Topology;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A host name read from a topology table goes into a Connector/J URL: a row whose host could add
 * URL parameters (or is no host at all) is left out, with one warning line naming it.
 */
@DisplayName("discovered host names that are not host names are ignored with a warning")
@org.junit.jupiter.api.Tag("unit")
class DiscoveredHostTest {

    private static final HostPattern PATTERN = new HostPattern("?.abc.us-east-1.rds.amazonaws.com", 3306);
    private static final Timestamp T = Timestamp.valueOf("2026-01-01 00:00:00");

    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger logger = Logger.getLogger(Dialect.class.getName());
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    private static List<String> hosts(Topology t) {
        List<String> out = new ArrayList<>();
        out.add(t.writer().host());
        t.readers().forEach(r -> out.add(r.host()));
        return out;
    }

    @Test
    @DisplayName("Aurora: a reader whose instance id carries URL parameters is left out; the rest of the topology stands")
    void auroraBadReaderIgnored() {
        var rows = List.of(new AuroraMysqlDialect.Row("writer-1", true, T),
                new AuroraMysqlDialect.Row("evil?allowLoadLocalInfile=true", false, T),
                new AuroraMysqlDialect.Row("reader-2", false, T));
        Topology t = AuroraMysqlDialect.toTopology(rows, PATTERN, 0);
        assertEquals(List.of("writer-1.abc.us-east-1.rds.amazonaws.com", "reader-2.abc.us-east-1.rds.amazonaws.com"), hosts(t));
        assertEquals(1, logged.size());
        LogRecord r = logged.get(0);
        assertEquals(Level.WARNING, r.getLevel());
        assertTrue(r.getMessage().contains("evil?allowLoadLocalInfile=true") && r.getMessage().contains("ignored"), r.getMessage());
    }

    @Test
    @DisplayName("Aurora: a writer row with a bad id is no writer: the answer is unusable (ask again)")
    void auroraBadWriterMeansAskAgain() {
        var rows = List.of(new AuroraMysqlDialect.Row("w/1", true, T), new AuroraMysqlDialect.Row("reader-2", false, T));
        assertNull(AuroraMysqlDialect.toTopology(rows, PATTERN, 0));
        assertEquals(1, logged.size());
    }

    @Test
    @DisplayName("Aurora: a null instance id is ignored instead of failing the refresh")
    void auroraNullId() {
        var rows = new ArrayList<AuroraMysqlDialect.Row>();
        rows.add(new AuroraMysqlDialect.Row("writer-1", true, T));
        rows.add(new AuroraMysqlDialect.Row(null, false, T));
        assertEquals(List.of("writer-1.abc.us-east-1.rds.amazonaws.com"), hosts(AuroraMysqlDialect.toTopology(rows, PATTERN, 0)));
    }

    @Test
    @DisplayName("Multi-AZ: an endpoint with URL syntax or a port out of range is left out; control characters are escaped in the log")
    void multiAzBadEndpointIgnored() {
        var rows = List.of(new RdsMultiAzMysqlDialect.Row("1", "127.0.0.1", 4001),
                new RdsMultiAzMysqlDialect.Row("2", "db:1/x?autoDeserialize=true", 4002),
                new RdsMultiAzMysqlDialect.Row("3", "127.0.0.1", 0),
                new RdsMultiAzMysqlDialect.Row("4\nFAKE LOG LINE", "127.0.0.1\n", 4004));
        Topology t = RdsMultiAzMysqlDialect.toTopology(rows, "1", 0);
        assertEquals(4001, t.writer().port());
        assertTrue(t.readers().isEmpty(), t.readers().toString());
        assertEquals(3, logged.size());
        for (LogRecord r : logged) {
            assertFalse(r.getMessage().contains("\n"), r.getMessage());
        }
        assertTrue(logged.get(2).getMessage().contains("4\\u000aFAKE LOG LINE"), logged.get(2).getMessage());
    }

    @Test
    @DisplayName("valid rows produce no log line and the same list")
    void validRowsUntouched() {
        var rows = List.of(new RdsMultiAzMysqlDialect.Row("1", "instance-1.abc.us-east-1.rds.amazonaws.com", 3306),
                new RdsMultiAzMysqlDialect.Row("2", "10.0.0.2", 3306));
        Topology t = RdsMultiAzMysqlDialect.toTopology(rows, "2", 0);
        assertEquals(List.of("10.0.0.2", "instance-1.abc.us-east-1.rds.amazonaws.com"), hosts(t));
        assertEquals(HostSpec.Role.WRITER, t.writer().role());
        assertTrue(logged.isEmpty());
    }
}
