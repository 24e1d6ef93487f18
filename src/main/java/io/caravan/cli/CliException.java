// A failure the operator is told about in one line, with the exit code that says which kind it is.
package io.caravan.cli;

/** Exit codes: 1 the server said no or found nothing, 2 a usage error, 3 the server cannot be reached. */
final class CliException extends RuntimeException {

    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int UNREACHABLE = 3;

    final int exitCode;

    CliException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }
}
