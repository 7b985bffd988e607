package io.agentsessions.api;

import io.agentsessions.core.error.SessionsException;

/** The request carries no caller identity and this deployment requires one. */
final class UnauthenticatedException extends SessionsException {
    private static final long serialVersionUID = 1L;

    UnauthenticatedException() {
        super("UNAUTHENTICATED", "This API needs a caller identity: sign the request (AWS SigV4) or send a token"
                + " its authorizer accepts.");
    }
}
