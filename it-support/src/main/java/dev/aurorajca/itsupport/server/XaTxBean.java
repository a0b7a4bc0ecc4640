package dev.aurorajca.itsupport.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.Queue;
import jakarta.transaction.TransactionManager;

/**
 * Issue 17: one container-managed JTA transaction across the adapter's XA pool and the server's
 * JMS (Artemis on WildFly, OpenMQ on Payara), both two-phase. The XA pool's JNDI name comes from
 * the client (the pool exists only for the XA scenario, so no resource ref names it). Each method
 * writes row {@code id} into {@link #ROWS} and sends message {@code id} to the queue.
 */
@Stateless
@JMSDestinationDefinition(name = XaTxBean.QUEUE, interfaceName = "jakarta.jms.Queue", destinationName = "auroraXaJms")
public class XaTxBean {

    public static final String QUEUE = "java:global/jms/auroraXaJms";
    public static final String ROWS = "xa_row";
    /** Where WildFly and Payara bind their TransactionManager (not portable, so both are tried). */
    private static final String[] TM_NAMES = {"java:/TransactionManager", "java:jboss/TransactionManager",
        "java:appserver/TransactionManager"};

    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory")
    private ConnectionFactory jms;

    @Resource(lookup = QUEUE)
    private Queue queue;

    /** Row and message in one transaction; commits both. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void rowAndMessage(String jndi, long id) throws Exception {
        insert(jndi, id);
        send(id);
    }

    /**
     * Row and message, then the client crashes the writer while the transaction waits at
     * {@code gate}, then a second row on the same connection: it meets the failover. Returns what
     * that statement saw (its SQLState); the container then tries to commit, and the transaction
     * manager must roll the whole transaction back.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String crashBeforePrepare(String jndi, long id, String gate) throws Exception {
        DataSource ds = (DataSource) new InitialContext().lookup(jndi);
        try (Connection c = ds.getConnection()) {
            insert(c, id);
            send(id);
            XaGate.arriveAndWait(gate, "work-done");
            String saw;
            try {
                insert(c, id + 1);
                saw = "statement ran";
            } catch (SQLException e) {
                saw = "statement " + e.getSQLState();
            }
            XaGate.note(gate, saw); // the answer the servlet gives even when the commit then fails
            return saw;
        }
    }

    /**
     * Row and message, then a {@link GateXAResource} enlisted last: the transaction manager
     * prepares the adapter's and the JMS branches, then waits in the gate's prepare while the
     * client crashes the writer; the commit then meets the failover.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void crashAfterPrepare(String jndi, long id, String gate) throws Exception {
        insert(jndi, id);
        send(id);
        transactionManager().getTransaction().enlistResource(new GateXAResource(gate));
    }

    /** The next message on the queue within {@code millis}, or null. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public String receive(long millis) {
        try (JMSContext ctx = jms.createContext(JMSContext.AUTO_ACKNOWLEDGE); JMSConsumer consumer = ctx.createConsumer(queue)) {
            return consumer.receiveBody(String.class, millis);
        }
    }

    private void insert(String jndi, long id) throws NamingException, SQLException {
        DataSource ds = (DataSource) new InitialContext().lookup(jndi);
        try (Connection c = ds.getConnection()) {
            insert(c, id);
        }
    }

    private static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ROWS + " (id) VALUES (?)")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    private void send(long id) {
        try (JMSContext ctx = jms.createContext()) {
            ctx.createProducer().send(queue, Long.toString(id));
        }
    }

    private static TransactionManager transactionManager() throws NamingException {
        InitialContext ic = new InitialContext();
        for (String name : TM_NAMES) {
            try {
                return (TransactionManager) ic.lookup(name);
            } catch (NamingException e) {
                // try the next server's name
            }
        }
        throw new NamingException("no TransactionManager under " + String.join(", ", TM_NAMES));
    }
}
