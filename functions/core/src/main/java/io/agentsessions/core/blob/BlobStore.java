package io.agentsessions.core.blob;

import java.util.List;

/**
 * Where what does not fit in DynamoDB lives: large items and archived history chunks. Keys are
 * always built by {@link BlobLayout} from configuration and the session's identity, never taken
 * from a request. Implementations report failures as
 * {@link io.agentsessions.core.error.StoreUnavailableException} and a missing object as
 * {@link BlobNotFoundException}.
 */
public interface BlobStore {

    /** Writes (or overwrites with the same content) one object. */
    void put(String key, byte[] content);

    /** Reads one object. */
    byte[] get(String key);

    /** Up to {@code max} keys under a prefix, in key order, starting after {@code startAfter} (null: from the start). */
    List<String> list(String prefix, String startAfter, int max);

    /** Deletes objects (at most 1,000 per call); missing keys are not an error. */
    void delete(List<String> keys);
}
