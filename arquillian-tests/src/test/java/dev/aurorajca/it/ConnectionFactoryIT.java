package dev.aurorajca.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import javax.naming.InitialContext;
import javax.sql.DataSource;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.as.arquillian.api.ServerSetup;
import org.jboss.shrinkwrap.api.spec.ResourceAdapterArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.driver.FailoverSuccessSQLException;
import dev.aurorajca.driver.TransactionStateUnknownSQLException;
import dev.aurorajca.it.client.AuroraAdapterSetup;
import dev.aurorajca.it.client.Deployments;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.Jdbc;
import dev.aurorajca.it.server.TxBean;

/**
 * In-server: both connection factories are bound in JNDI and injectable, writes through the
 * writer land on cluster-sim's writer and reads through the reader on a reader.
 */
@ExtendWith(ArquillianExtension.class)
@ServerSetup(AuroraAdapterSetup.class)
class ConnectionFactoryIT {

    @Deployment(name = "rar", order = 1, testable = false)
    static ResourceAdapterArchive rar() {
        return Deployments.rar();
    }

    @Deployment(order = 2) // unnamed: the default deployment, where in-server test methods run
    static WebArchive war() {
        return Deployments.testWar("connection-factory-it.war", ConnectionFactoryIT.class);
    }

    private static DataSource lookup(String name) throws Exception {
        return (DataSource) new InitialContext().lookup(name);
    }

    private static int writerId() {
        return Integer.parseInt(System.getProperty("aurora.it.writer-id"));
    }

    private static Set<Integer> readerIds() {
        return Arrays.stream(System.getProperty("aurora.it.reader-ids").split(",")).map(Integer::valueOf)
                .collect(Collectors.toSet());
    }

    @Test
    void bothFactoriesAreBoundInJndi() throws Exception {
        Object writer = new InitialContext().lookup("java:/aurora/writer");
        Object reader = new InitialContext().lookup("java:/aurora/reader");
        assertInstanceOf(DataSource.class, writer, "java:/aurora/writer");
        assertInstanceOf(DataSource.class, reader, "java:/aurora/reader");
        assertNotSame(writer, reader);
        assertEquals(writerId(), Jdbc.serverId((DataSource) writer), "@@server_id through java:/aurora/writer");
        int readerServer = Jdbc.serverId((DataSource) reader);
        assertTrue(readerIds().contains(readerServer),
                "@@server_id through java:/aurora/reader is " + readerServer + ", not one of the readers " + readerIds());
    }

    @Test
    void bothFactoriesAreInjectedWithResourceLookup() throws Exception {
        TxBean bean = (TxBean) new InitialContext().lookup("java:module/TxBean");
        assertEquals(writerId(), bean.writerServerId(), "@Resource(lookup=\"java:/aurora/writer\") in an EJB");
        int readerServer = bean.readerServerId();
        assertTrue(readerIds().contains(readerServer), "@Resource(lookup=\"java:/aurora/reader\") in an EJB reached "
                + readerServer + ", not one of the readers " + readerIds());
    }

    @Test
    void writesLandOnTheWriterAndReadsOnAReader() throws Exception {
        DataSource writer = lookup("java:/aurora/writer");
        DataSource reader = lookup("java:/aurora/reader");
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String value = "cf-" + id;
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS cf_it (id BIGINT PRIMARY KEY, v VARCHAR(64))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cf_it (id, v) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, value);
                assertEquals(1, ps.executeUpdate());
            }
            try (ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
                rs.next();
                assertEquals(writerId(), rs.getInt(1), "the connection that wrote is on the writer");
                assertEquals(0, rs.getInt(2), "the writer is not read-only");
            }
        }
        try (Connection c = reader.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT @@server_id, @@read_only")) {
                rs.next();
                assertTrue(readerIds().contains(rs.getInt(1)),
                        "the reader factory's connection is on " + rs.getInt(1) + ", not one of the readers " + readerIds());
                assertEquals(1, rs.getInt(2), "a reader is read-only");
            }
            // The row written through the writer replicates to the reader the reader factory uses.
            Await.until(Duration.ofSeconds(10), "row " + id + " readable through java:/aurora/reader", () -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT v FROM cf_it WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() && value.equals(rs.getString(1));
                    }
                }
            });
        }
    }

    /**
     * The WAR bundles no driver: it sees the driver's exception classes through the rar's module
     * (MANIFEST {@code Dependencies: deployment.aurora-jca.rar}), so application code can catch
     * the very classes the adapter throws.
     */
    @Test
    void driverExceptionClassesComeFromTheRar() {
        ClassLoader driverLoader = FailoverSuccessSQLException.class.getClassLoader();
        assertNotSame(getClass().getClassLoader(), driverLoader, "the WAR must not bundle the driver");
        assertTrue(String.valueOf(driverLoader).contains("deployment." + Deployments.RAR_NAME),
                "driver classes should come from the rar's module, came from " + driverLoader);
        assertEquals(driverLoader, TransactionStateUnknownSQLException.class.getClassLoader());
    }
}
