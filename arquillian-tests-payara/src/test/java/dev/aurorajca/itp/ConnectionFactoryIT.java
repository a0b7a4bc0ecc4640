package dev.aurorajca.itp;

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
import dev.aurorajca.itp.client.Asadmin;
import dev.aurorajca.itp.client.AuroraResources;
import dev.aurorajca.itp.client.Deployments;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itp.client.Timings;
import dev.aurorajca.itp.client.WithAuroraResources;
import dev.aurorajca.itsupport.server.Await;

/**
 * Both connector resources work: a write through {@code jdbc/aurora/writer} runs on cluster-sim's
 * writer, a read through {@code jdbc/aurora/reader} on a reader and sees the row replicated;
 * {@code ping-connection-pool} succeeds for both pools.
 */
@ExtendWith(ArquillianExtension.class)
@WithAuroraResources
@RunAsClient
class ConnectionFactoryIT {

    @Deployment(testable = false)
    static WebArchive war() {
        return Deployments.testWar("connection-factory-itp.war");
    }

    @ArquillianResource
    URL war;

    @Test
    void writesLandOnTheWriterAndReadsOnAReader() throws Exception {
        SimCluster cluster = TestCluster.get();
        int writerId = cluster.writer().id();
        Set<Integer> readerIds = cluster.readers().stream().map(SimNode::id).collect(Collectors.toSet());
        long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);

        String[] w = ok(Http.get(war, "probe/write?jndi=" + AuroraResources.WRITER_JNDI + "&id=" + id));
        assertEquals(writerId, Integer.parseInt(w[1]), "@@server_id of the connection that wrote through "
                + AuroraResources.WRITER_JNDI + " (cluster-sim writer is node " + writerId + ")");
        assertEquals("0", w[2], "@@read_only on the writer");
        // DriverProperties=sessionVariables=time_zone='+01:00' went through asadmin's --property with
        // its ':' escaped as '\:'; the session shows whether the value arrived whole.
        assertEquals("+01:00", w[3], "@@session.time_zone through the writer pool, set by DriverProperties "
                + AuroraResources.WRITER_DRIVER_PROPERTIES + " (asadmin \\: escaping)");

        String[] r = ok(Http.get(war, "probe/connect?jndi=" + AuroraResources.READER_JNDI));
        int readerServer = Integer.parseInt(r[1]);
        assertTrue(readerIds.contains(readerServer), "@@server_id through " + AuroraResources.READER_JNDI + " is "
                + readerServer + ", not one of the readers " + readerIds);
        assertEquals("1", r[2], "@@read_only on the reader the reader pool uses");

        long t0 = System.nanoTime();
        String[] last = new String[1];
        Await.until(Duration.ofSeconds(10), "row " + id + " readable through " + AuroraResources.READER_JNDI, () -> {
            String[] x = ok(Http.get(war, "probe/read?jndi=" + AuroraResources.READER_JNDI + "&id=" + id));
            last[0] = String.join(" ", x);
            assertTrue(readerIds.contains(Integer.parseInt(x[1])), "read through the reader pool ran on node " + x[1]
                    + ", not one of the readers " + readerIds);
            return "1".equals(x[3]);
        }, () -> last[0]);
        Timings.record("write on writer -> visible through reader pool", (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void bothPoolsPing() throws Exception {
        for (String pool : new String[] {AuroraResources.WRITER_POOL, AuroraResources.READER_POOL}) {
            Asadmin.Result res = Asadmin.run(Duration.ofSeconds(60), "ping-connection-pool", pool);
            assertTrue(res.ok() && res.output().contains("executed successfully"),
                    "asadmin ping-connection-pool " + pool + " failed:\n" + res.output());
        }
    }

    /**
     * Informational: whether application code sees the rar's driver classes on Payara. Payara 6
     * makes a standalone rar's classes visible to every application (connector class loader), but
     * nothing in these tests relies on it — failures are classified by SQLState. Asserts only that
     * the probe answers; the answer goes to {@code target/measurements/class-visibility.txt}.
     */
    @Test
    void reportsWhetherDriverClassesAreVisibleToTheWar() throws Exception {
        String answer = Http.get(war, "probe/class?name=dev.aurorajca.driver.FailoverSuccessSQLException").trim();
        System.out.println("[info] dev.aurorajca.driver.FailoverSuccessSQLException from the WAR: " + answer);
        Timings.write("class-visibility.txt", "dev.aurorajca.driver.FailoverSuccessSQLException seen from a WAR: " + answer + "\n");
        assertTrue(answer.startsWith("VISIBLE") || answer.startsWith("NOT-VISIBLE"), answer);
    }

    /** Splits an {@code OK …} answer; anything else fails with the server's cause chain. */
    static String[] ok(String answer) {
        String a = answer.trim();
        if (!a.startsWith("OK")) {
            throw new AssertionError("the server answered:\n" + a);
        }
        return a.split(" ");
    }
}
