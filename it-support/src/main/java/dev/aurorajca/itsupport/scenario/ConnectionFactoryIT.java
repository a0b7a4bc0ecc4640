package dev.aurorajca.itsupport.scenario;

import static dev.aurorajca.itsupport.scenario.Answers.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Definition;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.server.Await;

/**
 * Factories and routing: both factories are bound and injectable; the writer factory's connections
 * are on cluster-sim's writer, the reader factory's on a reader; a row written through the writer is
 * read through the reader once replicated; a configuration value with {@code = : '} reaches the
 * adapter whole.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConnectionFactoryIT {

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().testWar("connection-factory-it.war");
    }

    @ArquillianResource
    URL war;

    private static Set<Integer> readerIds(SimCluster cluster) {
        return cluster.readers().stream().map(SimNode::id).collect(Collectors.toSet());
    }

    @Test
    void eachFactoryReachesItsRole() throws Exception {
        SimCluster cluster = TestCluster.get();
        String[] w = ok(Http.get(war, "probe/connect?jndi=" + server.writerJndi()));
        assertEquals(cluster.writer().id(), Integer.parseInt(w[1]), "@@server_id through " + server.writerJndi());
        assertEquals("0", w[2], "@@read_only through " + server.writerJndi());
        String[] r = ok(Http.get(war, "probe/connect?jndi=" + server.readerJndi()));
        assertTrue(readerIds(cluster).contains(Integer.parseInt(r[1])), "@@server_id through " + server.readerJndi()
                + " is " + r[1] + ", not one of the readers " + readerIds(cluster));
        assertEquals("1", r[2], "@@read_only through " + server.readerJndi());
    }

    @Test
    void bothFactoriesAreInjectedIntoAnEjb() throws Exception {
        SimCluster cluster = TestCluster.get();
        assertEquals(cluster.writer().id(), Integer.parseInt(ok(Http.get(war, "tx/writer"))[1]),
                "@Resource(name=\"aurora/writer\") in an EJB (lookup-name " + server.writerJndi() + ")");
        int reader = Integer.parseInt(ok(Http.get(war, "tx/reader"))[1]);
        assertTrue(readerIds(cluster).contains(reader), "@Resource(name=\"aurora/reader\") in an EJB (lookup-name "
                + server.readerJndi() + ") reached " + reader + ", not one of the readers " + readerIds(cluster));
    }

    @Test
    void writesLandOnTheWriterAndReadsOnAReader() throws Exception {
        SimCluster cluster = TestCluster.get();
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        String[] w = ok(Http.get(war, "probe/write?jndi=" + server.writerJndi() + "&id=" + id));
        assertEquals(cluster.writer().id(), Integer.parseInt(w[1]), "@@server_id of the connection that wrote");
        assertEquals("0", w[2], "@@read_only on the writer");
        // DriverProperties=sessionVariables=time_zone='+01:00' holds '=', ':' and quotes: the session
        // shows whether the server's configuration passed the value whole (Payara: asadmin escaping).
        assertEquals("+01:00", w[3], "@@session.time_zone through the writer, set by DriverProperties="
                + Definition.WRITER_DRIVER_PROPERTIES);
        String[] last = new String[1];
        Await.until(Duration.ofSeconds(10), "row " + id + " readable through " + server.readerJndi(), () -> {
            String[] x = ok(Http.get(war, "probe/read?jndi=" + server.readerJndi() + "&id=" + id));
            last[0] = String.join(" ", x);
            assertTrue(readerIds(cluster).contains(Integer.parseInt(x[1])), "a read through the reader ran on node "
                    + x[1] + ", not one of the readers " + readerIds(cluster));
            assertEquals("1", x[2], "@@read_only through the reader");
            return "1".equals(x[3]);
        }, () -> last[0]);
    }
}
