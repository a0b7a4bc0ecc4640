package dev.aurorajca.itsupport.server;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives the server JVM the AWS credentials of a local AWS endpoint (e.g. cluster-sim's Secrets
 * Manager stub), the way an operator sets {@code aws.accessKeyId}/{@code aws.secretAccessKey} as
 * server system properties: the AWS SDK's default chain inside the rar reads them.
 * <ul>
 * <li>{@code POST /aws-credentials/set?accessKeyId=A&secretAccessKey=S}: sets both, remembering
 * what was there before;</li>
 * <li>{@code POST /aws-credentials/clear}: puts back what was there before {@code set}.</li>
 * </ul>
 * Never logs or answers a value: the answer is {@code OK} or {@code ERROR <property name>}.
 */
@WebServlet("/aws-credentials/*")
public class AwsCredentialsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> PROPERTIES = List.of("aws.accessKeyId", "aws.secretAccessKey");
    private static final Map<String, String> BEFORE = new HashMap<>();

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String op = req.getPathInfo() == null ? "" : req.getPathInfo();
        synchronized (BEFORE) {
            switch (op) {
                case "/set" -> {
                    String[] values = {req.getParameter("accessKeyId"), req.getParameter("secretAccessKey")};
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] == null || values[i].isEmpty()) {
                            resp.getWriter().println("ERROR " + PROPERTIES.get(i) + " missing");
                            return;
                        }
                    }
                    for (int i = 0; i < values.length; i++) {
                        String key = PROPERTIES.get(i);
                        if (!BEFORE.containsKey(key)) {
                            BEFORE.put(key, System.getProperty(key));
                        }
                        System.setProperty(key, values[i]);
                    }
                    resp.getWriter().println("OK");
                }
                case "/clear" -> {
                    for (String key : PROPERTIES) {
                        if (BEFORE.containsKey(key)) {
                            String old = BEFORE.remove(key);
                            if (old == null) {
                                System.clearProperty(key);
                            } else {
                                System.setProperty(key, old);
                            }
                        }
                    }
                    resp.getWriter().println("OK");
                }
                default -> resp.sendError(HttpServletResponse.SC_NOT_FOUND, "unknown operation " + op);
            }
        }
    }
}
