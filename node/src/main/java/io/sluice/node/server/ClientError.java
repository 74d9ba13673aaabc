package io.sluice.node.server;

/**
 * A request the server refuses, answered with canal's error packet (an Ack with code and message).
 *
 * @param code    canal's code: 400 for a refused request, 401 when destination or client id is missing, 402 for
 *                batch id 0
 * @param message what went wrong and what the client can do; never a stack trace
 * @param close   whether the connection is closed after the error is sent
 */
record ClientError(int code, String message, boolean close) {
    static final int BAD_REQUEST = 400;
    static final int MISSING_IDENTITY = 401;
    static final int BATCH_ID_ZERO = 402;

    static ClientError of(String message) {
        return new ClientError(BAD_REQUEST, message, false);
    }

    static ClientError closing(String message) {
        return new ClientError(BAD_REQUEST, message, true);
    }
}
