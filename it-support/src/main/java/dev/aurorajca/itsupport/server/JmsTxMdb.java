package dev.aurorajca.itsupport.server;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.MessageDrivenContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;

/**
 * A message-driven bean that writes each message's id through the adapter into
 * {@link JmsTxBean#MESSAGES}, in the container's transaction (JMS delivery + the adapter as last
 * resource). When the write fails it records the failure (SQLState as the application finds it)
 * and marks the transaction for rollback: the message is redelivered. The insert ignores a
 * duplicate, so a redelivery after a commit whose outcome was unknown is harmless.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = JmsTxBean.QUEUE),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")})
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class JmsTxMdb implements MessageListener {

    /** {@code <state> <chain>} of every failed delivery, for the test. */
    static final List<String> FAILURES = new CopyOnWriteArrayList<>();
    static final AtomicLong DELIVERIES = new AtomicLong();

    @Resource(name = "aurora/writer")
    private DataSource writer;

    @Resource
    private MessageDrivenContext context;

    @Override
    public void onMessage(Message message) {
        DELIVERIES.incrementAndGet();
        try {
            long id = Long.parseLong(((TextMessage) message).getText());
            try (Connection c = writer.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO " + JmsTxBean.MESSAGES + " (id) VALUES (?)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        } catch (Exception e) {
            FAILURES.add(TxEdgeServlet.outcomeState(e) + " " + TxEdgeServlet.describeAll(e));
            context.setRollbackOnly();
        }
    }
}
