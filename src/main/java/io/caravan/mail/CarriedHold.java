// A hold (quarantine, delete) chosen at MAIL or RCPT, as the receive connector reads it without knowing the agents.
package io.caravan.mail;

import java.util.Optional;

/**
 * Implemented by what the agents carry through a transaction (io.caravan.check). The receive connector sets
 * {@link CaravanHeaders#HOLD} from it on the end-of-data exchange itself, so the message is held whichever
 * steps routes/20-filter.yaml runs at end of data, even none.
 */
public interface CarriedHold {

    /** "quarantine" or "delete"; empty when no agent of the dialogue chose a hold. */
    Optional<String> heldAs();
}
