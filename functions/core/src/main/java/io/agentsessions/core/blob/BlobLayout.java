package io.agentsessions.core.blob;

import io.agentsessions.core.session.SessionKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Object keys, derived only from configuration (the prefix) and the session's identity:
 * {@code <prefix><sha256(owner), 32 hex>/<sessionId>/<incarnation>/items/<turnId>-<n>.json.gz}
 * for large items and {@code .../<incarnation>/archive/<firstSeq, 19 digits>-<count>.jsonl.gz}
 * for archive chunks. The owner is hashed so that no caller-chosen text shapes the key, and every
 * key of a session shares one prefix that clear and delete can remove.
 */
public final class BlobLayout {
    private final String prefix;

    /** @param prefix configured key prefix, e.g. {@code sessions/} */
    public BlobLayout(String prefix) {
        this.prefix = prefix == null || prefix.isEmpty() || prefix.endsWith("/") ? (prefix == null ? "" : prefix)
                : prefix + "/";
    }

    /** Prefix of every object of the session. */
    public String session(SessionKey key) {
        return prefix + ownerHash(key.owner()) + "/" + key.sessionId() + "/";
    }

    /** Prefix of every object of one incarnation of the session. */
    public String incarnation(SessionKey key, String incarnation) {
        return session(key) + incarnation + "/";
    }

    /** Key of a large item: stable per turn and position, so a retried write overwrites, never duplicates. */
    public String item(SessionKey key, String incarnation, String turnId, int index) {
        return incarnation(key, incarnation) + "items/" + turnId + "-" + index + ".json.gz";
    }

    /**
     * Key of the archive chunk holding items {@code firstSeq .. firstSeq + count - 1}. Items of an
     * incarnation never change, so one key always means the same bytes: a retried step rewrites
     * identical content, and two racing steps that cut different chunks never overwrite each other.
     */
    public String archiveChunk(SessionKey key, String incarnation, long firstSeq, int count) {
        return incarnation(key, incarnation) + "archive/" + String.format("%019d", firstSeq) + "-" + count + ".jsonl.gz";
    }

    private static String ownerHash(String owner) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
