// A verdict reached before the end of a DKIM check: which result, and the reason given to people.
package io.caravan.check.dkim;

/** Thrown inside the verifier to stop checking one signature; never escapes {@link DkimVerifier}. */
final class DkimFailure extends Exception {

    private final DkimResult.Result result;

    DkimFailure(DkimResult.Result result, String reason) {
        super(reason, null, false, false);
        this.result = result;
    }

    static DkimFailure permerror(String reason) {
        return new DkimFailure(DkimResult.Result.PERMERROR, reason);
    }

    static DkimFailure fail(String reason) {
        return new DkimFailure(DkimResult.Result.FAIL, reason);
    }

    DkimResult.Result result() {
        return result;
    }
}
