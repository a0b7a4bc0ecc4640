package dev.aurorajca.console.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The README's Payara admin-console steps (Payara 6.2025.9), clicked as a user would: Resources →
 * Connectors → Connector Connection Pools → New (two steps), Connector Resources → New, the pool's
 * Ping. Element ids are the console's own JSF ids. Screenshots go to docs/ as
 * {@code payara-console-N-....png}.
 */
public final class PayaraConsole {

    private static final String STEP1 = "propertyForm:propertySheet:generalPropertySheet:";
    private static final String ROW = "propertyForm:basicTable:rowGroup1:";

    private final Browser b;
    private final Payara server;

    public PayaraConsole(Browser browser, Payara server) {
        this.b = browser;
        this.server = server;
    }

    private static By id(String id) {
        return By.id(id);
    }

    /** Opens the console; on first use Payara deploys it ("The Admin Console is starting"), which takes a while. */
    public void open() {
        b.get("http://127.0.0.1:" + server.adminPort() + "/");
        b.until("the admin console's navigation tree", Duration.ofMinutes(4),
                ExpectedConditions.visibilityOfElementLocated(id("treeForm:tree:resources:Connectors:Connectors_link")));
    }

    private void connectorsPage(String link) {
        b.click(id("treeForm:tree:resources:Connectors:Connectors_link"));
        b.click(By.xpath("//*[@id='content']//a[@title='" + link + "']"));
    }

    /**
     * New Connector Connection Pool: step 1 (name, resource adapter {@code aurora-jca}, connection
     * definition {@code javax.sql.DataSource}); step 2 (transaction support LocalTransaction,
     * connection validation required, the adapter's properties by name; Password in its two
     * password fields) → Finish.
     */
    public void newPool(String pool, Map<String, String> properties, String screenshotPrefix) throws IOException {
        connectorsPage("Connector Connection Pools");
        b.click(id("propertyForm:poolTable:topActionsGroup1:newButton"));
        b.type(id(STEP1 + "jndiProp:name"), pool);
        new Select(b.visible(id(STEP1 + "resAdapterProp:db"))).selectByValue("aurora-jca");
        // Choosing the adapter reloads the form with its connection definitions.
        b.until("connection definition javax.sql.DataSource offered", d -> {
            try {
                Select s = new Select(d.findElement(id(STEP1 + "connectionDefProp:db")));
                s.selectByValue("javax.sql.DataSource");
                return s.getFirstSelectedOption().getAttribute("value").equals("javax.sql.DataSource") ? Boolean.TRUE : null;
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                return null;
            }
        });
        if (!pool.equals(b.visible(id(STEP1 + "jndiProp:name")).getAttribute("value"))) {
            b.type(id(STEP1 + "jndiProp:name"), pool); // the reload may drop what was typed
        }
        if (screenshotPrefix != null) {
            b.screenshot(screenshotPrefix + "-step1");
        }
        b.click(id("propertyForm:title:topButtons:nextButton"));

        By finish = id("propertyForm:propertyContentPage:topButtons:finishButton");
        b.visible(finish);
        new Select(b.visible(id("propertyForm:propertySheet:poolPropertySheet:transprop:trans"))).selectByValue("LocalTransaction");
        WebElement validate = b.visible(By.cssSelector(
                "input[type=checkbox][id^='propertyForm:propertySheet:poolPropertySheet:conValidationProp:']"));
        if (!validate.isSelected()) {
            b.scrollTo(validate);
            validate.click();
        }
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String row = row(e.getKey());
            if (e.getKey().equals("Password")) {
                // ra.xml marks Password confidential: the console shows a password and a confirmation field.
                b.type(id(row + ":col3:confV"), e.getValue());
                b.type(id(row + ":col5:confV2"), e.getValue());
            } else {
                b.type(id(row + ":col3:col1St"), e.getValue());
            }
        }
        if (screenshotPrefix != null) {
            b.scrollTo(b.visible(id("propertyForm:propertySheet:poolPropertySheet:transprop:trans")));
            b.screenshot(screenshotPrefix + "-step2");
            b.scrollTo(b.visible(id(row("Password") + ":col3:confV")));
            b.screenshot(screenshotPrefix + "-step2-properties");
        }
        b.click(finish);
        b.visible(By.xpath("//*[@id='content']//a[normalize-space()='" + pool + "']"));
    }

    /** The properties table's row for a config property ("rowGroup1:N"), found by its name field. */
    private String row(String name) {
        WebElement nameField = b.until("property row " + name, d -> d.findElements(By.cssSelector(
                "input[id^='" + ROW + "'][id$=':col2:col1St']")).stream()
                .filter(e -> name.equals(e.getAttribute("value"))).findFirst().orElse(null));
        return nameField.getAttribute("id").replace(":col2:col1St", "");
    }

    /** New Connector Resource: JNDI name and pool → OK. */
    public void newResource(String jndi, String pool, String screenshot) throws IOException {
        connectorsPage("Connector Resources");
        b.click(id("propertyForm:resourcesTable:topActionsGroup1:newButton"));
        b.type(id("form:propertySheet:propertSectionTextField:jndiTextProp:jnditext"), jndi);
        new Select(b.visible(id("form:propertySheet:propertSectionTextField:poolNameProp:PoolName"))).selectByValue(pool);
        if (screenshot != null) {
            b.screenshot(screenshot);
        }
        b.click(id("form:propertyContentPage:topButtons:newButton"));
        b.visible(By.xpath("//*[@id='content']//a[normalize-space()='" + jndi + "']"));
    }

    /** The pool's edit page → Ping; fails with the console's message unless it reports success. */
    public void ping(String pool, String screenshot) throws IOException {
        connectorsPage("Connector Connection Pools");
        b.click(By.xpath("//*[@id='content']//a[normalize-space()='" + pool + "']"));
        b.click(id("propertyForm:propertyContentPage:ping"));
        String outcome = b.until("the outcome of Ping", d -> {
            String text = d.findElement(By.tagName("body")).getText();
            if (text.contains("Ping Succeeded")) {
                return "ok";
            }
            int failed = text.indexOf("Ping Connection Pool failed");
            return failed >= 0 ? text.substring(failed, Math.min(text.length(), failed + 600)) : null;
        });
        if (screenshot != null) {
            b.js("window.scrollTo(0, 0)");
            b.screenshot(screenshot);
        }
        if (!outcome.equals("ok")) {
            throw new AssertionError("the console's Ping of " + pool + " failed: " + outcome);
        }
    }
}
