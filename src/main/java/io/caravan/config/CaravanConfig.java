// Core configuration: identity, data directory, accepted domains, DNS and broker (caravan.*).
package io.caravan.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The keys operators rely on; see DESIGN.md "Configuration". Stage groups have their own mappings. */
@ConfigMapping(prefix = "caravan")
public interface CaravanConfig {

    /** Banner, EHLO and Received name. Empty means the machine's canonical host name. */
    Optional<String> hostname();

    /** Broker journal, generated keys and certificates, local mailboxes. */
    @WithDefault("data")
    String dataDir();

    /** Directory of the YAML routes (the pipeline), relative to the working directory. */
    @WithDefault("routes")
    String routesDir();

    /** Domains this router accepts mail for from anyone. */
    Optional<List<String>> acceptedDomains();

    /**
     * The postmaster address: the From of delivery reports, and what RCPT TO:&lt;Postmaster&gt; reaches.
     * Unset: postmaster@ the first of accepted-domains (see {@link Postmaster}).
     */
    Optional<String> postmaster();

    /** On SIGTERM: how long SMTP transactions in flight may take to finish while new clients get 421 4.3.2. */
    @WithDefault("30s")
    Duration drainTimeout();

    Dns dns();

    Broker broker();

    Tls tls();

    Auth auth();

    BackPressure backPressure();

    interface Tls {
        /** PEM certificate chain for the receive connectors; unset: a self-signed one under data-dir/tls. */
        Optional<String> certificate();

        /** PEM private key (PKCS#8, PKCS#1 or SEC1) matching the certificate. */
        Optional<String> privateKey();
    }

    interface Auth {
        /** Users for SMTP AUTH: "name:bcrypt-hash[:send-as,...]" per line; reloaded when it changes. */
        Optional<String> usersFile();

        /** How often the users file is checked for changes. */
        @WithDefault("10s")
        Duration reloadEvery();

        /** Failed AUTH attempts from one IP within failure-window before it is locked out (454 4.7.0). */
        @WithDefault("5")
        int maxFailures();

        @WithDefault("10m")
        Duration failureWindow();

        @WithDefault("15m")
        Duration lockout();
    }

    interface BackPressure {
        /** Below this much free space under data-dir, new mail gets 452 4.3.1 until space returns. */
        @WithDefault("500M")
        io.quarkus.runtime.configuration.MemorySize minFreeDisk();

        /** Below this much free heap (after what the JVM may still grow), new mail gets 452 4.3.1. */
        @WithDefault("32M")
        io.quarkus.runtime.configuration.MemorySize minFreeHeap();
    }

    interface Dns {
        /** host[:port] of recursive resolvers; empty uses the system resolver configuration. */
        Optional<List<String>> servers();

        /** Time to wait for one DNS answer before the lookup counts as a temporary failure. */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Broker {
        /** Empty: embedded Artemis under data-dir. Otherwise the URL of an external broker. */
        Optional<String> url();

        /** A copy that makes a stage fail this many times (on one instance) goes to caravan.poison; see queue/StageFailures. */
        @WithDefault("5")
        int maxDeliveryAttempts();

        /** Embedded broker: wait before a failed copy is offered again (doubles each time, at most 5m). */
        @WithDefault("5s")
        Duration redeliveryDelay();
    }
}
