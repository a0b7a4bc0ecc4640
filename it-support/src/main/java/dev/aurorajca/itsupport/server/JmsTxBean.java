package dev.aurorajca.itsupport.server;

import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSDestinationDefinition;
import jakarta.jms.Queue;

/**
 * A container-managed EJB that writes a row through the adapter AND sends a JMS message in one
 * JTA transaction: the server's JMS connection factory is an XA resource, the adapter
 * ({@code LocalTransaction}) joins as the last resource. The queue is defined by annotation, so
 * neither server needs configuration beyond a JMS broker (WildFly's full profile, Payara's
 * embedded OpenMQ); {@link JmsTxMdb} consumes it.
 */
@Stateless
@JMSDestinationDefinition(name = JmsTxBean.QUEUE, interfaceName = "jakarta.jms.Queue", destinationName = "auroraTxJms")
public class JmsTxBean {

    public static final String QUEUE = "java:global/jms/auroraTxJms";
    public static final String ROWS = "txjms_row";
    public static final String MESSAGES = "txjms_msg";

    @Resource(name = "aurora/writer")
    private DataSource writer;

    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory")
    private ConnectionFactory jms;

    @Resource(lookup = QUEUE)
    private Queue queue;

    /** Only row {@code id} in {@link #ROWS}: a container-managed transaction with the adapter alone. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void insert(long id) throws SQLException {
        Jdbc.insertRow(writer, ROWS, id);
    }

    /** Row {@code id} in {@link #ROWS} and message {@code id} on the queue: both or neither. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void insertAndSend(long id) throws SQLException {
        Jdbc.insertRow(writer, ROWS, id);
        try (JMSContext ctx = jms.createContext()) {
            ctx.createProducer().send(queue, Long.toString(id));
        }
    }
}
