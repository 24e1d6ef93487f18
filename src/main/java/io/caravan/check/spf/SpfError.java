// Stops an SPF evaluation with temperror or permerror; its message becomes the verdict's reason.
package io.caravan.check.spf;

final class SpfError extends Exception {

    private final SpfResult result;

    private SpfError(SpfResult result, String reason) {
        super(reason, null, false, false); // an expected outcome, not a bug: no stack trace
        this.result = result;
    }

    static SpfError perm(String reason) {
        return new SpfError(SpfResult.PERMERROR, reason);
    }

    static SpfError temp(String reason) {
        return new SpfError(SpfResult.TEMPERROR, reason);
    }

    SpfResult result() {
        return result;
    }
}
