package io.agentsessions.core.session;

import java.util.List;

/**
 * A session with one page of its messages.
 *
 * @param session    the session record
 * @param items      the page, in the requested order
 * @param nextCursor cursor for the following page, {@code null} on the last page
 */
public record SessionPage(SessionRecord session, List<StoredItem> items, String nextCursor) {
    public SessionPage {
        items = List.copyOf(items);
    }
}
