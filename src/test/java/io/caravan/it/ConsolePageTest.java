// The operator's web page in a real headless browser: sign in, queues and retry, quarantine release, routes, escaping, CSP.
package io.caravan.it;

import io.caravan.receive.ReceiveConnectorComponent;
import io.caravan.testing.HeadlessChromium;
import io.caravan.testing.SmtpTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

@QuarkusTest
@TestProfile(ConsolePageTest.Operators.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class ConsolePageTest {

    static final String ADMIN = "console-admin-token-0123456789";
    static final String VIEWER = "console-viewer-token-0123456789";

    /** An admin and a viewer; retries an hour apart, so only the page's Retry button can deliver a deferred copy now. */
    public static class Operators implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "caravan.admin.tokens.ops.role", "admin", "caravan.admin.tokens.ops.token", ADMIN,
                    "caravan.admin.tokens.noc.role", "viewer", "caravan.admin.tokens.noc.token", VIEWER,
                    "caravan.admin.max-failures", "1000",
                    "caravan.delivery.retry", "1h",
                    "caravan.delivery.delay-notice", "4h");
        }
    }

    static ChromeDriver browser;

    @TestHTTPResource("/console/")
    URL console;

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** Every test starts signed out, on the page freshly loaded. */
    /** Caravan listens on 127.0.0.1 only; "localhost" may mean ::1 to the browser. */
    String page() {
        return "http://127.0.0.1:" + console.getPort() + "/console/";
    }

    @BeforeEach
    void signedOut() {
        browser.get(page());
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.get(page());
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
    }

    WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    void signIn(String token) {
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.id("sign-in-button")).click();
    }

    void open(String view) {
        await().until(ExpectedConditions.elementToBeClickable(By.id("nav-" + view))).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + view)));
    }

    /** Clicks the view's Refresh until the element is there: the page shows what the API says at that moment. */
    WebElement refreshUntil(String refreshButton, By what) {
        return await().until(d -> {
            d.findElement(By.id(refreshButton)).click();
            List<WebElement> found = d.findElements(what);
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Clicks a button in a row, again if the row was redrawn under the click (a refresh answered meanwhile). */
    void clickIn(By row, String button) {
        await().until(d -> {
            d.findElement(row).findElement(By.className(button)).click();
            return true;
        });
    }

    String textOf(By what) {
        return await().until(d -> d.findElement(what).getText());
    }

    String send(String connector, String from, String to, byte[] message) throws IOException {
        int port = camel.getComponent("receive-connector", ReceiveConnectorComponent.class).boundPort(connector).orElseThrow();
        try (SmtpTestClient c = SmtpTestClient.connect(port)) {
            return RelayPipelineTest.queueId(c.sendMessage(from, List.of(to), message));
        }
    }

    @Test
    void thePageIsServedWithAStrictContentSecurityPolicyAndHoldsNoSecret() {
        String page = given().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", "/console/").extract().asString();
        assertTrue(page.isEmpty(), page);
        var response = given().get("/console/").then().statusCode(200).contentType("text/html").extract();
        String csp = response.header("Content-Security-Policy");
        assertNotNull(csp, "a Content-Security-Policy on the page");
        assertTrue(csp.contains("default-src 'self'") && csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertEquals("nosniff", response.header("X-Content-Type-Options"));
        assertFalse(response.asString().contains("<script>"), "no inline script");
        given().get("/console/app.js").then().statusCode(200).header("Content-Security-Policy", csp);
        for (String file : new String[] {"/console/", "/console/app.js", "/console/app.css"}) {
            String text = given().get(file).then().extract().asString();
            assertFalse(text.contains("http://") || text.contains("https://") || text.contains(ADMIN), file + " loads nothing from elsewhere");
        }
    }

    @Test
    void signingInWithAnAdminTokenShowsTheQueuesAndSigningOutForgetsTheToken() {
        signIn(ADMIN);
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-queues")));
        assertTrue(browser.findElement(By.cssSelector("#queue-depths")).getText().contains("caravan.delivery"));
        assertEquals(ADMIN, ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('caravan.token')"));

        browser.findElement(By.id("sign-out")).click();
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertNull(((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem('caravan.token')"));
        assertFalse(browser.findElement(By.id("view-queues")).isDisplayed());
    }

    @Test
    void aWrongTokenBringsBackTheSignInWithTheReason() {
        signIn(ADMIN + "-wrong");
        WebElement notice = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertTrue(notice.getText().contains("not accepted"), notice.getText());
        assertTrue(browser.findElement(By.id("sign-in")).isDisplayed());
        assertFalse(browser.findElement(By.id("nav")).isDisplayed());
    }

    @Test
    void aViewerIsToldChangesAreNotAllowedAndTheChangeButtonsAreDisabled() {
        signIn(VIEWER);
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-queues")));
        browser.findElement(By.id("queues-retry-all")).click();
        WebElement notice = await().until(ExpectedConditions.visibilityOfElementLocated(By.id("notice")));
        assertTrue(notice.getText().contains("viewer role") && notice.getText().contains("403"), notice.getText());
        await().until(d -> !d.findElement(By.id("queues-retry-all")).isEnabled());
        assertTrue(browser.findElement(By.id("view-queues")).isDisplayed(), "still signed in: a viewer may look");
    }

    @Test
    void retryingADeferredNextHopDeliversItNow() throws IOException {
        assertEquals("1h", ConfigProvider.getConfig().getValue("caravan.delivery.retry", String.class),
                "the profile's schedule applies: no automatic retry during this test");
        MailWorld.dns.mx("webretry.test", 10, "mx1.remote.test");
        MailWorld.mx.onRcpt("busy@webretry.test", "451 4.2.1 Mailbox busy, try later");
        String id = send("default", "s@remote.test", "busy@webretry.test", "Subject: retry me\r\n\r\nwaiting\r\n".getBytes());

        signIn(ADMIN);
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-queues")));
        By row = By.cssSelector("#next-hops tr[data-hop='webretry.test']");
        refreshUntil("queues-refresh", row);
        await().until(d -> d.findElement(row).findElement(By.className("reply")).getText().contains("451 4.2.1 Mailbox busy"));
        String nextRetry = textOf(new By.ByCssSelector("#next-hops tr[data-hop='webretry.test'] .next-retry"));
        assertFalse(nextRetry.isEmpty(), "a deferred next hop shows when it is retried");
        clickIn(row, "messages");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#hop-table tr[data-queue-id='" + id + "'] .attempts"), "1"));

        MailWorld.mx.onRcpt("busy@webretry.test", "250 2.1.5 Ok");
        clickIn(row, "retry");
        RelayPipelineTest.awaitDeliveryTo("busy@webretry.test");
        await().until(d -> {
            d.findElement(By.id("queues-refresh")).click();
            return d.findElements(row).isEmpty();
        });
    }

    @Test
    void aSuspendedNextHopShowsWhoSuspendedItUntilItIsResumed() throws IOException {
        MailWorld.dns.mx("websuspend.test", 10, "mx1.remote.test");
        MailWorld.mx.onRcpt("held@websuspend.test", "451 4.2.1 Mailbox busy, try later");
        send("default", "s@remote.test", "held@websuspend.test", "Subject: suspend me\r\n\r\nwaiting\r\n".getBytes());

        signIn(ADMIN);
        await().until(ExpectedConditions.visibilityOfElementLocated(By.id("view-queues")));
        By row = By.cssSelector("#next-hops tr[data-hop='websuspend.test']");
        refreshUntil("queues-refresh", row);
        clickIn(row, "suspend");
        await().until(d -> d.findElement(row).findElement(By.className("state")).getText().startsWith("suspended by ops since "));
        assertTrue(browser.findElement(By.id("suspensions-stale")).getAttribute("hidden") != null,
                "the broker was read: no warning about suspensions as last known");

        clickIn(row, "resume");
        await().until(d -> "active".equals(d.findElement(row).findElement(By.className("state")).getText()));
    }

    @Test
    void findingADeliveredMessageByRecipientShowsTheRemoteServersReplyInItsTimeline() throws IOException {
        String reply = "250 2.0.0 Ok: queued as WEB4XYZ <script id=evil>";
        String id;
        MailWorld.mx.onData(reply);
        try {
            id = send("default", "s@remote.test", "found-web@remote.test",
                    "Message-ID: <found.web@remote.test>\r\nSubject: find me\r\n\r\nhello\r\n".getBytes());
            RelayPipelineTest.awaitDeliveryTo("found-web@remote.test");
        } finally {
            MailWorld.mx.onData("250 2.0.0 Ok");
        }
        signIn(ADMIN);
        open("tracking");
        browser.findElement(By.id("q-recipient")).sendKeys("found-web@remote.test");
        By delivered = By.cssSelector("#tracking-results tr[data-event='DELIVERED'][data-queue-id='" + id + "']");
        await().until(d -> { // the store writes in batches: search again until the event is there
            d.findElement(By.id("tracking-search")).click();
            return !d.findElements(delivered).isEmpty();
        });
        String row = textOf(delivered);
        assertTrue(row.contains(reply) && row.contains("found.web@remote.test"), row);

        clickIn(delivered, "link");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline-id"), id));
        List<String> events = browser.findElements(By.cssSelector("#timeline-events > li")).stream().map(e -> e.getAttribute("data-event")).toList();
        assertEquals("RECEIVED", events.get(0), events.toString());
        assertEquals("DELIVERED", events.get(events.size() - 1), events.toString());
        String last = textOf(By.cssSelector("#timeline-events > li[data-event='DELIVERED']"));
        assertTrue(last.contains(reply) && last.contains("127.0.0.1"), "the remote server's exact reply and address: " + last);
        assertTrue(browser.findElements(By.id("evil")).isEmpty(), "the reply's tag stayed text");
    }

    @Test
    void releasingAQuarantinedMessageDeliversIt() throws IOException {
        String id = send("edge", "news@q.test", "web-released@example.com", EmailAuthenticationTest.message("news@q.test", "held offer"));
        signIn(ADMIN);
        open("quarantine");
        By row = By.cssSelector("#quarantine-table tr[data-queue-id='" + id + "']");
        refreshUntil("quarantine-refresh", row);
        String entry = textOf(row);
        assertTrue(entry.contains("dmarc") && entry.contains("held offer"), entry);
        clickIn(row, "show");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("quarantine-headers"), "dmarc=fail"));
        assertNull(EmailAuthenticationTest.maildir("web-released"), "not delivered while held");

        clickIn(row, "release");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Released " + id));
        await().until(d -> d.findElements(row).isEmpty());
        String stored = Await.until(() -> EmailAuthenticationTest.maildir("web-released"), Duration.ofSeconds(30), "the released message");
        assertTrue(stored.contains("Subject: held offer"), stored);
    }

    @Test
    void whatSendersWroteIsShownAsTextNeverRunAsMarkup() throws IOException {
        String subject = "<img id=injected src=x> <b id=bold>hi</b>";
        String id = send("edge", "news@q.test", "web-markup@example.com", EmailAuthenticationTest.message("news@q.test", subject));
        signIn(ADMIN);
        open("quarantine");
        By row = By.cssSelector("#quarantine-table tr[data-queue-id='" + id + "']");
        refreshUntil("quarantine-refresh", row);
        String entry = textOf(row);
        assertTrue(entry.contains(subject), entry);
        assertTrue(browser.findElements(By.id("injected")).isEmpty() && browser.findElements(By.id("bold")).isEmpty(),
                "the subject's tags stayed text");

        clickIn(row, "delete");
        await().until(ExpectedConditions.alertIsPresent()).accept();
        await().until(d -> d.findElements(row).isEmpty());
        given().header("Authorization", "Bearer " + ADMIN).get("/api/quarantine/" + id).then().statusCode(404);
    }

    @Test
    void aPoisonMessageIsListedAndResubmittedFromThePage() {
        String id = "WEBPOISON" + System.nanoTime();
        producer.sendBodyAndHeaders("jms:queue:caravan.submission?jmsMessageType=Bytes", "Subject: x\r\n\r\nx\r\n".getBytes(),
                Map.of("CaravanQueueId", id, "CaravanMailFrom", "not an address", "CaravanRecipients", "x@remote.test"));
        signIn(ADMIN);
        open("poison");
        By row = By.cssSelector("#poison-table tr[data-queue-id='" + id + "']");
        refreshUntil("poison-refresh", row);
        String reason = await().until(d -> d.findElement(row).findElement(By.className("reply")).getText());
        assertTrue(reason.matches("failed \\d+ times in caravan.submission: .+"), "the page says why: " + reason);
        clickIn(row, "resubmit");
        await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), "Resubmitted 1"));
    }

    @Test
    void theRoutesViewDrawsEachYamlRouteWithItsStepsAndTheQueueDepths() throws IOException {
        send("default", "s@remote.test", "drawn@remote.test", "Subject: counted\r\n\r\nhi\r\n".getBytes());
        RelayPipelineTest.awaitDeliveryTo("drawn@remote.test");
        JsonPath routes = given().header("Authorization", "Bearer " + ADMIN).get("/api/routes").then().statusCode(200).extract().jsonPath();
        List<String> ids = routes.getList("routes.id");
        assertTrue(ids.containsAll(List.of("10-receive", "20-filter", "30-categorize", "50-delivery", "60-bounce")), ids.toString());
        assertTrue(ids.stream().allMatch(i -> i.matches("\\d\\d-.*")), "only the routes of routes/*.yaml: " + ids);
        assertTrue(routes.getLong("routes.find { it.id == '50-delivery' }.stats.total") >= 1, routes.prettify());
        assertTrue(routes.getList("routes.find { it.id == '50-delivery' }.steps").size() > 3, routes.prettify());
        assertTrue(routes.getString("routes.find { it.id == '50-delivery' }.from").startsWith("jms://queue:caravan.delivery"),
                routes.prettify());
        assertNotNull(routes.get("queues.'caravan.delivery'"));
        given().get("/api/routes").then().statusCode(401);

        signIn(ADMIN);
        open("routes");
        WebElement delivery = await().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("article[data-route='50-delivery']")));
        List<WebElement> boxes = delivery.findElements(By.cssSelector("li.step"));
        assertTrue(boxes.size() > 3, "the route's steps as boxes: " + boxes.size());
        assertTrue(boxes.get(0).getText().startsWith("from"), boxes.get(0).getText());
        assertTrue(boxes.get(0).getLocation().getY() < boxes.get(1).getLocation().getY(), "drawn top to bottom");
        assertTrue(delivery.findElement(By.className("route-stats")).getText().matches("(?s)[1-9]\\d* total / \\d+ failed / \\d+ in flight.*"),
                delivery.findElement(By.className("route-stats")).getText());
        assertTrue(boxes.stream().anyMatch(b -> b.getText().contains("choice")), "a choice box");
        assertTrue(boxes.stream().map(b -> b.getLocation().getX()).distinct().count() > 1, "a choice's branches are indented");
        assertEquals(ids.size(), browser.findElements(By.cssSelector("article.route")).size());
        assertFalse(browser.findElements(By.cssSelector("#broker-queues tr[data-queue='caravan.delivery']")).isEmpty());
    }
}
