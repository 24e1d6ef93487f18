// Inbound email authentication settings (caravan.checks.*): what to do when SPF, DKIM or DMARC fails.
package io.caravan.check;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "caravan.checks")
public interface ChecksConfig {

    /** Run the checks on mail from the internet (never on authenticated users or relay ranges). */
    @WithDefault("true")
    boolean enabled();

    Check spf();

    Check dkim();

    Dmarc dmarc();

    interface Check {
        /** reject (550 5.7.1 on fail), quarantine (mark it), ignore (record in Authentication-Results only). */
        @WithDefault("ignore")
        String action();
    }

    interface Dmarc {
        /**
         * reject: follow the domain's policy (p=reject refused, p=quarantine quarantined);
         * quarantine: at most quarantine; ignore: record only.
         */
        @WithDefault("reject")
        String action();
    }
}
