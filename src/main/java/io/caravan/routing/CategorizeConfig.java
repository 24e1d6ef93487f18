// Categorize stage configuration (caravan.categorize.*).
package io.caravan.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "caravan.categorize")
public interface CategorizeConfig {

    /**
     * Messages from caravan.submission categorized at the same time (its JMS consumers, route 30-categorize-submission).
     * Mail from SMTP clients is categorized before the 250 on the session's own thread; this queue carries only delivery
     * reports and released or resubmitted messages, so two consumers suffice and idle ones cost nothing but their polls.
     */
    @WithDefault("2")
    int concurrency();
}
