package io.agentsessions.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * The stored state of one session, without its items. Immutable: every change produces a new
 * record with {@link #version()} one higher, and stores write it only if the stored version is
 * still the one the change was based on.
 *
 * <p>Items live under an <em>incarnation</em>: clearing or re-creating a session starts a new
 * one, so items of an earlier incarnation can never reappear, even while they wait to be purged.
 *
 * @param key         owner and session id
 * @param version     optimistic-locking version, 1 for a new session
 * @param incarnation id of the current item generation
 * @param createdAt   when this incarnation of the session was created
 * @param updatedAt   last change
 * @param expiresAt   when the session expires, {@code null} for never
 * @param context     caller-defined context object (used in instructions)
 * @param data        caller-defined data object
 * @param settings    per-session settings
 * @param itemCount     number of items in the current incarnation; also the next item's sequence number
 * @param archivedCount items with a lower sequence number live in archive chunks, the rest are hot
 */
public record SessionRecord(SessionKey key, long version, String incarnation, Instant createdAt, Instant updatedAt,
                            Instant expiresAt, ObjectNode context, ObjectNode data, SessionSettings settings,
                            long itemCount, long archivedCount) {
    public SessionRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(incarnation, "incarnation");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(settings, "settings");
        context = Objects.requireNonNull(context, "context").deepCopy();
        data = Objects.requireNonNull(data, "data").deepCopy();
        if (version < 1 || itemCount < 0 || archivedCount < 0 || archivedCount > itemCount) {
            throw new IllegalArgumentException("need version >= 1 and 0 <= archivedCount <= itemCount");
        }
    }

    /** A record with nothing archived. */
    public SessionRecord(SessionKey key, long version, String incarnation, Instant createdAt, Instant updatedAt,
                         Instant expiresAt, ObjectNode context, ObjectNode data, SessionSettings settings,
                         long itemCount) {
        this(key, version, incarnation, createdAt, updatedAt, expiresAt, context, data, settings, itemCount, 0);
    }

    /** Items not yet archived. */
    public long hotCount() {
        return itemCount - archivedCount;
    }

    /** Whether the session is still alive at {@code now} (stores may keep expired records for a while). */
    public boolean isLiveAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    @Override
    public ObjectNode context() {
        return context.deepCopy();
    }

    @Override
    public ObjectNode data() {
        return data.deepCopy();
    }
}
