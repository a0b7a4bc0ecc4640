package dev.aurorajca.console.client;

import java.io.IOException;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The README's HAL steps (WildFly 39.0.1.Final, HAL 3.7), clicked as a user would. Element ids are
 * HAL's own ({@code resource-adapter-...}); every step waits on an element condition.
 * Screenshots go to docs/ as {@code wildfly-hal-N-....png}.
 */
public final class Hal {

    private static final String CD = "resource-adapter-connection-definition";
    private static final By MODAL_ADD = By.cssSelector("#hal-modal .modal-footer .btn-primary");

    private final Browser b;
    private final WildFly server;

    public Hal(Browser browser, WildFly server) {
        this.b = browser;
        this.server = server;
    }

    /** Logs in: the management interface's HTTP authentication, answered once, then HAL itself. */
    public void open() {
        // Chromium keeps credentials given in a URL for the realm; HAL's own requests then reuse them.
        b.get("http://" + WildFly.USER + ":" + WildFly.PASSWORD + "@127.0.0.1:" + server.managementPort() + "/management");
        b.textContains(By.tagName("body"), "\"product-name\"");
        b.get("http://127.0.0.1:" + server.managementPort() + "/console/index.html");
        b.visible(By.id("tlc-configuration"));
        b.textContains(By.id("header-username"), WildFly.USER);
    }

    /** Configuration, Subsystems, Resource Adapters, Add: adapter {@code name} on archive {@code archive}. */
    public void addResourceAdapter(String name, String archive) throws IOException {
        b.click(By.id("tlc-configuration"));
        b.click(By.id("subsystems"));
        b.click(By.id("resource-adapters"));
        b.click(By.id("resource-adapter-add"));
        b.type(By.id("resource-adapter-form-archive-editing"), archive);
        b.type(By.id("resource-adapter-form-name-editing"), name);
        b.screenshot("wildfly-hal-1-add-resource-adapter");
        b.click(MODAL_ADD);
        b.visible(By.id("ra-" + name));
        b.click(By.xpath("//*[@id='ra-" + name + "']//a[normalize-space()='View']"));
    }

    /** On the adapter's page: Configuration, Edit, Transaction Support. */
    public void transactionSupport(String value) throws IOException {
        String form = "resource-adapter-configuration-attributes-form";
        b.click(By.cssSelector("#" + form + "-links a[data-operation=edit]"));
        select(form + "-transaction-support-editing", value);
        b.click(By.cssSelector("#" + form + "-editing .form-buttons .btn-primary"));
        b.textContains(By.id(form + "-transaction-support-readonly"), value);
        b.screenshot("wildfly-hal-2-transaction-support");
    }

    /**
     * Connection Definitions, Add (name, class, JNDI name); then its Attributes tab, Edit, one
     * {@code key=value} tag per config property. (The Pool tab's Flush Strategy already defaults to
     * FailingConnectionOnly: HAL answers "No changes were made" when it is chosen.)
     */
    public void addConnectionDefinition(String name, String jndi, Map<String, String> properties,
            String screenshotPrefix) throws IOException {
        b.click(By.id("resource-adapter-connection-definition-item"));
        b.click(By.xpath("//div[@id='" + CD + "-table_wrapper']//button[normalize-space()='Add']"));
        b.type(By.id(CD + "-add-name-editing"), name);
        b.type(By.id(CD + "-add-class-name-editing"), "dev.aurorajca.ra.AuroraManagedConnectionFactory");
        b.type(By.id(CD + "-add-jndi-name-editing"), jndi);
        if (screenshotPrefix != null) {
            b.screenshot(screenshotPrefix + "-add");
        }
        b.click(MODAL_ADD);
        By row = By.xpath("//table[@id='" + CD + "-table']//td[normalize-space()='" + name + "']");
        b.click(row);
        b.textContains(By.id(CD + "-attributes-form-jndi-name-readonly"), jndi);

        String attrs = CD + "-attributes-form";
        b.click(By.cssSelector("#" + attrs + "-links a[data-operation=edit]"));
        By tags = By.id(attrs + "-config-properties-editing");
        for (Map.Entry<String, String> e : properties.entrySet()) {
            b.visible(tags).sendKeys(e.getKey() + "=" + e.getValue() + Keys.ENTER);
        }
        if (screenshotPrefix != null) {
            b.screenshot(screenshotPrefix + "-config-properties");
        }
        b.click(By.cssSelector("#" + attrs + "-editing .form-buttons .btn-primary"));
        b.textContains(By.id(attrs + "-config-properties-readonly"), "ClusterEndpoint");
    }

    /** The header's "Reload Required" link, then Yes: the server reloads with the new configuration. */
    public void reload() throws IOException {
        b.click(By.id("reload-link"));
        b.screenshot("wildfly-hal-5-reload");
        b.click(MODAL_ADD);
        b.textContains(By.cssSelector(".toast-notifications-list-pf"), "successfully reloaded");
    }

    /** A HAL (bootstrap-select) drop-down: open it, pick the option by its text. */
    private void select(String selectId, String option) {
        b.click(By.cssSelector("button[data-id='" + selectId + "']"));
        b.click(By.xpath("//button[@data-id='" + selectId + "']/following-sibling::div//li//span[normalize-space()='"
                + option + "']"));
        b.textContains(By.cssSelector("button[data-id='" + selectId + "']"), option);
    }
}
