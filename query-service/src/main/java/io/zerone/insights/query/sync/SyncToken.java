package io.zerone.insights.query.sync;

/**
 * Where a consumer stands: the generation its state came from, the log position after which its next changes start,
 * and, while the full sync is still paging through the live insights, the last slug it received.
 *
 * @param afterSlug null once the full sync is complete: the token then asks for changes after {@code position}
 */
record SyncToken(String generation, Position position, String afterSlug) {

    /**
     * A place in a generation's change log: the id of the transaction that wrote an entry, then its order within that
     * transaction. Entries answer strictly after it.
     */
    record Position(long xid, long seq) implements Comparable<Position> {

        /** Before every entry of transactions from {@code xid} on, after every entry of older ones. */
        static Position before(long xid) {
            return new Position(xid, -1);
        }

        @Override
        public int compareTo(Position other) {
            int byXid = Long.compare(xid, other.xid);
            return byXid != 0 ? byXid : Long.compare(seq, other.seq);
        }

        Position max(Position other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    boolean inFullSync() {
        return afterSlug != null;
    }
}
