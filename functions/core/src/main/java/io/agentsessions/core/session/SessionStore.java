package io.agentsessions.core.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence contract for sessions. Implementations are thread-safe. Every write is conditional
 * on the version the change was based on and fails with {@link StaleSessionException} when
 * another writer got there first, writing nothing. Reads of the record are strongly consistent.
 * No operation reads or rewrites the whole history: cost depends on what is asked for, not on
 * how long the session is.
 */
public interface SessionStore {

    /** The stored record, expired or not, or empty if none exists. */
    Optional<SessionRecord> load(SessionKey key);

    /**
     * Items of the record's current incarnation with {@code fromSeq <= seq < toSeq}, at most
     * {@code limit} of them, in ascending order if {@code ascending}, else descending; hot and
     * archived items alike. Stops before the items' JSON would exceed {@code maxBytes}, but always
     * returns at least one item when the range is not empty. Costs a bounded number of requests
     * whatever the history's length.
     *
     * @throws io.agentsessions.core.error.StoredDataUnreadableException if an object a stored pointer names is missing or corrupt
     */
    List<StoredItem> items(SessionRecord session, long fromSeq, long toSeq, boolean ascending, int limit,
                           long maxBytes);

    /** {@link #items(SessionRecord, long, long, boolean, int, long)} without a byte budget. */
    default List<StoredItem> items(SessionRecord session, long fromSeq, long toSeq, boolean ascending, int limit) {
        return items(session, fromSeq, toSeq, ascending, limit, Long.MAX_VALUE);
    }

    /**
     * Moves the oldest hot items (at most one chunk, none at or past {@code beforeSeq}) to the
     * archive, in order, and advances the record's {@code archivedCount}. Each step is idempotent:
     * a step retried after a crash rewrites the same chunk and never duplicates or reorders items.
     *
     * @return the record after the step, or empty when nothing below {@code beforeSeq} is hot
     * @throws StaleSessionException if the stored record is not {@code expected}; nothing changed
     */
    Optional<SessionRecord> archive(SessionRecord expected, long beforeSeq);

    /**
     * Atomically replaces the record with {@code next} and appends {@code newItems} (whose sequence
     * numbers continue from {@code expected.itemCount()}, or from 0 in a new incarnation).
     *
     * @param expected the record the change was based on, or empty to create the session
     * @throws StaleSessionException if the stored record is not {@code expected}; nothing is written
     */
    void commit(Optional<SessionRecord> expected, SessionRecord next, List<StoredItem> newItems);

    /**
     * Removes the record if it is still {@code expected}. Its items become unreachable at once.
     *
     * @throws StaleSessionException if the stored record is not {@code expected}; nothing is removed
     */
    void remove(SessionRecord expected);

    /**
     * Deletes the items (and stored objects) of one incarnation the session no longer uses, working
     * until {@code deadline} at most. Only the named incarnation is touched, so a late purge can
     * never remove what a newer incarnation has written since. Every change that drops an
     * incarnation (a clear, a delete, an expired session started afresh) records it as pending
     * in the same atomic write; a purge that finishes clears that record.
     *
     * @return true if nothing of it is left
     */
    boolean purge(SessionKey key, String incarnation, Instant deadline);

    /** Up to {@code max} dropped incarnations of the session whose purge has not finished yet. */
    List<String> pendingPurges(SessionKey key, int max);
}
