// caravan.admin.https: true turns the admin port into HTTPS only, with the SMTP certificate, tokens still required.
package io.caravan.it;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@TestProfile(AdminHttpsTest.Https.class)
@QuarkusTestResource(value = MailWorld.class, restrictToAnnotatedClass = false)
class AdminHttpsTest {

    static final String ADMIN = "admin-token-0123456789abcdef";

    public static class Https implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("caravan.admin.https", "true",
                    "caravan.admin.tokens.ops.role", "admin", "caravan.admin.tokens.ops.token", ADMIN);
        }
    }

    @Test
    void theAdminPortSpeaksHttpsWithTokensStillRequired() {
        String base = "https://127.0.0.1:" + RestAssured.port;
        given().relaxedHTTPSValidation().baseUri(base).get("/api/queues").then().statusCode(401);
        given().relaxedHTTPSValidation().baseUri(base).header("Authorization", "Bearer " + ADMIN)
                .get("/api/queues").then().statusCode(200);
        given().relaxedHTTPSValidation().baseUri(base).get("/q/health").then().statusCode(200);
    }

    @Test
    void theHandshakeOffersTls12OrNewer() throws Exception {
        javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, null);
        SSLSocketFactory factory = trustAll.getSocketFactory();
        try (SSLSocket s = (SSLSocket) factory.createSocket("127.0.0.1", RestAssured.port)) {
            s.startHandshake();
            String protocol = s.getSession().getProtocol();
            assertTrue(protocol.equals("TLSv1.3") || protocol.equals("TLSv1.2"), protocol);
        }
    }

    @Test
    void noPlainHttpListenerIsLeftOnThePort() throws Exception {
        try (Socket s = new Socket("127.0.0.1", RestAssured.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /q/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(answer.startsWith("HTTP/1.1 200"), "plain HTTP was answered: " + answer);
        } catch (java.net.SocketException e) {
            // the TLS server closing on a plain request is the expected outcome too
        }
    }

    /** The self-signed certificate is for the host name, not 127.0.0.1; only the handshake is under test here. */
    static final class TrustEverything implements javax.net.ssl.X509TrustManager {
        @Override public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) { }
        @Override public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) { }
        @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() { return new java.security.cert.X509Certificate[0]; }
    }
}
