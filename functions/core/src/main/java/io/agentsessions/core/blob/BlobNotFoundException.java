package io.agentsessions.core.blob;

/** An object that a stored pointer names does not exist. */
public final class BlobNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlobNotFoundException(String key, Throwable cause) {
        super("object not found: " + key, cause);
    }
}
