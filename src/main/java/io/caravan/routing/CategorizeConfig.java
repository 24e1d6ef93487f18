// Categorize stage configuration (caravan.categorize.*).
package io.caravan.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "caravan.categorize")
public interface CategorizeConfig {

    /**
     * Messages categorized at the same time (JMS consumers of caravan.submission; used by
     * routes/30-categorize.yaml). Each waits for its transaction to reach the journal, so a few
     * more than the cores keep the disk busy: at 2 the stage capped the pipeline at ~270 msgs/s, at 8 ~380.
     */
    @WithDefault("8")
    int concurrency();
}
