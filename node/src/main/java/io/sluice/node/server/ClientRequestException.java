package io.sluice.node.server;

/** Thrown inside request handling to answer with {@link ClientError}; never escapes a handler. */
final class ClientRequestException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ClientError error;

    ClientRequestException(ClientError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    ClientError error() {
        return error;
    }
}
