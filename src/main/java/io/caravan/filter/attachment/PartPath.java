// Where a MIME part sits in a message: for each enclosing multipart, its boundary and the part's number in it.
package io.caravan.filter.attachment;

import java.util.List;

/**
 * The address the stripper follows through the raw bytes to the part it replaces. Empty: the
 * message's own body (no enclosing multipart). An attached message that is itself base64-encoded
 * (which RFC 2046 forbids, and some senders do) ends the path: its inner parts have no place of
 * their own in the raw bytes, so the attached message is what gets replaced.
 *
 * @param steps outermost multipart first
 */
record PartPath(List<Step> steps) {

    /** The {@code index}-th part (from 1) of the multipart whose boundary is {@code boundary}. */
    record Step(String boundary, int index) {
    }

    static final PartPath WHOLE_BODY = new PartPath(List.of());

    PartPath {
        steps = List.copyOf(steps);
    }

    boolean isWholeBody() {
        return steps.isEmpty();
    }

    /** True when this part is {@code other} or lies within it. */
    boolean within(PartPath other) {
        return steps.size() >= other.steps.size() && steps.subList(0, other.steps.size()).equals(other.steps);
    }
}
