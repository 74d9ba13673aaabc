package io.sluice.common.position;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A MariaDB replication position: the last GTID applied in each replication domain, as in {@code @@gtid_binlog_pos}
 * or {@code @@gtid_slave_pos}, e.g. {@code 0-1-17,1-2-5}. A replica connecting with this position (MariaDB's
 * {@code @slave_connect_state}) receives, in each domain, the transactions after that GTID.
 *
 * <p>The text form lists domains in ascending order. The empty position (no domain) means "from the start of the
 * oldest binlog". Immutable and thread-safe.
 *
 * @param gtids one GTID per domain, in ascending domain order (the constructor sorts them)
 */
public record MariaDbGtidPosition(List<MariaDbGtid> gtids) {

    public static final MariaDbGtidPosition EMPTY = new MariaDbGtidPosition(List.of());

    public MariaDbGtidPosition {
        Objects.requireNonNull(gtids, "gtids");
        List<MariaDbGtid> sorted = new ArrayList<>(gtids);
        sorted.forEach(g -> Objects.requireNonNull(g, "gtid"));
        sorted.sort(Comparator.comparingLong(MariaDbGtid::domainId));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).domainId() == sorted.get(i - 1).domainId()) {
                throw new IllegalArgumentException("a MariaDB GTID position holds one GTID per domain, but domain "
                        + sorted.get(i).domainId() + " appears twice: " + sorted.get(i - 1) + " and " + sorted.get(i));
            }
        }
        gtids = List.copyOf(sorted);
    }

    /**
     * Parses a comma-separated list such as {@code 0-1-17,1-2-5}; whitespace is ignored and a blank string is the
     * empty position.
     *
     * @throws IllegalArgumentException naming the GTID that does not parse or the domain that repeats
     */
    public static MariaDbGtidPosition parse(String text) {
        Objects.requireNonNull(text, "text");
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            return EMPTY;
        }
        List<MariaDbGtid> parsed = new ArrayList<>();
        for (String part : compact.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty GTID between commas in MariaDB GTID position '" + text + "'");
            }
            parsed.add(MariaDbGtid.parse(part));
        }
        return new MariaDbGtidPosition(parsed);
    }

    /** The position after {@code gtid} was applied: its domain's entry replaced (or added). */
    public MariaDbGtidPosition advance(MariaDbGtid gtid) {
        Objects.requireNonNull(gtid, "gtid");
        List<MariaDbGtid> next = new ArrayList<>(gtids.size() + 1);
        for (MariaDbGtid g : gtids) {
            if (g.domainId() != gtid.domainId()) {
                next.add(g);
            }
        }
        next.add(gtid);
        return new MariaDbGtidPosition(next);
    }

    /** The GTID recorded for {@code domainId}, if any. */
    public Optional<MariaDbGtid> forDomain(long domainId) {
        return gtids.stream().filter(g -> g.domainId() == domainId).findFirst();
    }

    public boolean isEmpty() {
        return gtids.isEmpty();
    }

    /** {@code 0-1-17,1-2-5}; the empty string for the empty position. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (MariaDbGtid g : gtids) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(g);
        }
        return text.toString();
    }
}
