package io.agentsessions.api;

import io.agentsessions.core.error.InvalidRequestException;

/** The body is not JSON. */
final class UnsupportedMediaTypeException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    UnsupportedMediaTypeException(String contentType) {
        super("UNSUPPORTED_MEDIA_TYPE", "Bodies must be JSON (Content-Type: application/json), not '"
                + contentType.replaceAll("[^\\x20-\\x7e]", "?") + "'.");
    }
}
