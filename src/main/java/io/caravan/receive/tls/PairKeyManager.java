// Serves one certificate chain and its key to JSSE and Vert.x without a key store in between.
package io.caravan.receive.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A PKCS12 key store, which Vert.x's PemKeyCertOptions and a KeyManagerFactory both build, encrypts
 * the key with PBKDF2 on every load: 0.2 s of CPU on the path to the first listening port, for a
 * store that never leaves memory. This hands JSSE the one pair we serve directly.
 */
final class PairKeyManager extends X509ExtendedKeyManager {

    private static final String ALIAS = "caravan";

    private final PemPair pair;
    private final String keyType;

    PairKeyManager(PemPair pair) {
        this.pair = pair;
        this.keyType = pair.key().getAlgorithm(); // "RSA" or "EC", as JSSE names them
    }

    @Override
    public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
        return keyType.equals(type) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String type, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(type, issuers, null);
    }

    @Override
    public String[] getServerAliases(String type, Principal[] issuers) {
        return keyType.equals(type) ? new String[] {ALIAS} : null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? pair.chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? pair.key() : null;
    }

    @Override
    public String[] getClientAliases(String type, Principal[] issuers) {
        return null; // a server's pair, never offered as a client certificate
    }

    @Override
    public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
        return null;
    }
}
