package dev.aurorajca.console.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurorajca.clustersim.SimCluster;
import dev.aurorajca.clustersim.SimNode;
import dev.aurorajca.itsupport.client.Http;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks the probe WAR for a connection from a JNDI name and checks which instance answered. */
public final class Probe {

    private static final Pattern ANSWER = Pattern.compile("server_id=(\\d+) read_only=(\\d)");

    private Probe() {
    }

    /** A connection from {@code jndi} reaches cluster-sim's writer (read_only=0). */
    public static void assertWriter(URL app, String jndi, SimCluster cluster) throws Exception {
        Matcher m = ask(app, jndi);
        assertEquals(cluster.writer().id(), Integer.parseInt(m.group(1)), jndi + " should reach the writer: " + m.group());
        assertEquals("0", m.group(2), jndi + " should reach a read-write instance: " + m.group());
    }

    /** A connection from {@code jndi} reaches one of cluster-sim's readers (read_only=1). */
    public static void assertReader(URL app, String jndi, SimCluster cluster) throws Exception {
        Matcher m = ask(app, jndi);
        int id = Integer.parseInt(m.group(1));
        assertTrue(cluster.readers().stream().mapToInt(SimNode::id).anyMatch(r -> r == id),
                jndi + " should reach a reader " + cluster.readers() + ": " + m.group());
        assertEquals("1", m.group(2), jndi + " should reach a read-only instance: " + m.group());
    }

    private static Matcher ask(URL app, String jndi) throws Exception {
        String body = Http.get(app, "probe?jndi=" + java.net.URLEncoder.encode(jndi, java.nio.charset.StandardCharsets.UTF_8));
        Matcher m = ANSWER.matcher(body);
        assertTrue(m.matches(), "probe answer for " + jndi + ": " + body);
        return m;
    }
}
