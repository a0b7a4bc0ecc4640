package dev.aurorajca.itsupport.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.aurorajca.clustersim.FailoverResult;
import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.itsupport.client.AppServer;
import dev.aurorajca.itsupport.client.Http;
import dev.aurorajca.itsupport.client.LoadTable;
import dev.aurorajca.itsupport.client.TestCluster;
import dev.aurorajca.itsupport.client.WithXaPool;
import dev.aurorajca.itsupport.server.Await;
import dev.aurorajca.itsupport.server.GateXAResource;
import dev.aurorajca.itsupport.server.TxEdgeServlet;
import dev.aurorajca.itsupport.server.XaGate;
import dev.aurorajca.itsupport.server.XaTxBean;
import dev.aurorajca.itsupport.server.XaTxServlet;

/**
 * Issue 17: one JTA transaction across the adapter's XA pool and the server's JMS (Artemis on
 * WildFly, OpenMQ on Payara), both two-phase: it commits both; a writer crash before prepare rolls
 * both back (the statement that meets the failover sees {@code 08007}, the transaction manager gets
 * {@code XAER_RMFAIL}); a writer crash after prepare leaves the branch prepared on the promoted
 * replica ({@code XA RECOVER} there lists it) and the transaction manager's commit completes it on
 * the new writer, so row and message agree.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@WithXaPool
class XaTxIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final AppServer server = AppServer.get();

    @Deployment(testable = false)
    static WebArchive war() {
        return AppServer.get().testWar("xatx-it.war", XaTxBean.class, XaTxServlet.class, XaGate.class, GateXAResource.class,
                TxEdgeServlet.class);
    }

    @ArquillianResource
    URL war;

    private SimCluster cluster;

    @BeforeEach
    void clean() throws Exception {
        cluster = TestCluster.healthy();
        LoadTable.recreate(cluster, XaTxBean.ROWS);
        while (!Http.get(war, "xa/receive?ms=200").equals("NONE")) {
            // drain what an earlier failed run left on the queue
        }
        assertTrue(prepared(cluster.writer().id()).isEmpty(), "a prepared branch is left on the writer: " + prepared(cluster.writer().id()));
    }

    private String jndi() {
        return URLEncoder.encode(server.xaJndi(), StandardCharsets.UTF_8);
    }

    @Test
    void commitsRowAndMessage() throws Exception {
        long id = IDS.incrementAndGet();
        assertEquals("OK", Http.post(war, "xa/commit?jndi=" + jndi() + "&id=" + id));
        assertTrue(LoadTable.ids(cluster, XaTxBean.ROWS).contains(id), "row committed");
        assertEquals(Long.toString(id), Http.get(war, "xa/receive?ms=10000"), "message committed");
    }

    @Test
    void writerCrashBeforePrepareRollsBothBack() throws Exception {
        long id = IDS.incrementAndGet();
        String gate = "before-" + id;
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> post("xa/before?jndi=" + jndi() + "&id=" + id
                + "&gate=" + gate));
        Await.until(WAIT, "the transaction did its work and waits at the gate",
                () -> Http.get(war, "xa/gate?name=" + gate).startsWith("waiting"), answer::toString);
        FailoverResult failover = cluster.failover();
        Http.post(war, "xa/open?name=" + gate);
        String a = answer.get(120, TimeUnit.SECONDS);

        assertTrue(a.startsWith("statement 08007; ERR "), "the statement after the crash must see 08007 and the transaction"
                + " must be rolled back, got: " + a);
        Set<Long> rows = LoadTable.ids(cluster, XaTxBean.ROWS);
        assertFalse(rows.contains(id) || rows.contains(id + 1), "rows of the rolled-back transaction: " + rows);
        assertEquals("NONE", Http.get(war, "xa/receive?ms=3000"), "the message of the rolled-back transaction was delivered");
        assertTrue(prepared(failover.newWriterId()).isEmpty(), "nothing is left prepared on the new writer");
    }

    @Test
    void writerCrashAfterPrepareIsCompletedOnNewWriter() throws Exception {
        long id = IDS.incrementAndGet();
        String gate = "after-" + id;
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> post("xa/after?jndi=" + jndi() + "&id=" + id
                + "&gate=" + gate));
        Await.until(WAIT, "the transaction manager prepared the branches and waits in the gate's prepare",
                () -> Http.get(war, "xa/gate?name=" + gate).startsWith("waiting "), answer::toString);
        String gtrid = Http.get(war, "xa/gate?name=" + gate).substring("waiting ".length());
        int oldWriter = cluster.writer().id();
        assertTrue(prepared(oldWriter).contains(gtrid), "the adapter's branch is prepared on the writer before the crash: "
                + prepared(oldWriter) + " lacks " + gtrid);

        FailoverResult failover = cluster.failover();
        assertTrue(prepared(failover.newWriterId()).contains(gtrid), "XA RECOVER on the promoted writer (node "
                + failover.newWriterId() + ") lists the prepared branch: " + prepared(failover.newWriterId()));
        Http.post(war, "xa/open?name=" + gate);
        String a = answer.get(120, TimeUnit.SECONDS);

        assertEquals("OK", a, "the transaction manager completes the transaction on the new writer");
        assertTrue(LoadTable.ids(cluster, XaTxBean.ROWS).contains(id), "row committed on the new writer");
        assertEquals(Long.toString(id), Http.get(war, "xa/receive?ms=10000"), "message committed with its row");
        assertFalse(prepared(failover.newWriterId()).contains(gtrid), "the branch is no longer prepared");
    }

    private String post(String path) {
        try {
            return Http.post(war, path);
        } catch (Exception e) {
            return "CLIENT " + e;
        }
    }

    /** Global transaction ids (hex) of the branches {@code XA RECOVER} lists on node {@code id}. */
    private Set<String> prepared(int id) throws SQLException {
        Set<String> out = new HashSet<>();
        try (Connection c = cluster.adminConnection(id); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                out.add(HexFormat.of().formatHex(Arrays.copyOf(rs.getBytes(4), rs.getInt(2))));
            }
        }
        return out;
    }
}
