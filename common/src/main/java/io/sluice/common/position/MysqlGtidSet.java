package io.sluice.common.position;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A set of MySQL GTIDs, as in {@code @@gtid_executed}: for each transaction source (server UUID, plus a tag since
 * MySQL 8.3) the sequence numbers it covers, as sorted, disjoint, non-adjacent inclusive intervals.
 *
 * <p>Text form ({@link #parse}, {@link #toString}) is MySQL's:
 * {@code 3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,3e11fa47-71ca-11e1-9e33-c80aa9429563:1-3:mytag:1-4}. Sources are
 * separated by commas; after a UUID come colon-separated intervals ({@code N} or {@code N-M}) and tags, each tag
 * applying to the intervals after it. {@link #toString} prints the canonical form MySQL prints: lowercase UUIDs in
 * ascending order, untagged intervals first, then each tag in ascending order, intervals merged.
 *
 * <p>Binary form ({@link #encode}) is the one {@code COM_BINLOG_DUMP_GTID} carries. Immutable and thread-safe; every
 * operation returns a new set.
 */
public final class MysqlGtidSet {

    /** The largest sequence number MySQL assigns (GNO_END - 1, a signed 64-bit maximum). */
    public static final long MAX_SEQUENCE = Long.MAX_VALUE - 1;
    /** A tag has 1..32 characters: a letter or underscore, then letters, digits or underscores (MySQL 8.3+). */
    public static final int MAX_TAG_LENGTH = 32;
    private static final Pattern TAG = Pattern.compile("[a-z_][a-z0-9_]{0,31}");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

    public static final MysqlGtidSet EMPTY = new MysqlGtidSet(new TreeMap<>());

    /** Binary format marker of the tagged encoding, in the first and last byte of the 8-byte source count. */
    private static final long TAGGED_FORMAT = 1;

    /**
     * A transaction source: a server UUID and a tag, empty for untagged GTIDs. Tags are stored lowercase, as MySQL
     * compares them case-insensitively.
     */
    public record Source(UUID uuid, String tag) implements Comparable<Source> {
        public Source {
            Objects.requireNonNull(uuid, "uuid");
            Objects.requireNonNull(tag, "tag");
            tag = tag.toLowerCase(java.util.Locale.ROOT);
            if (!tag.isEmpty() && !TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("GTID tag must be 1-" + MAX_TAG_LENGTH
                        + " letters, digits or underscores, not starting with a digit; got '" + tag + "'");
            }
        }

        public static Source untagged(UUID uuid) {
            return new Source(uuid, "");
        }

        public boolean tagged() {
            return !tag.isEmpty();
        }

        /** UUID order as MySQL sorts them (by the 16 bytes, i.e. by the text), then the untagged source first. */
        @Override
        public int compareTo(Source o) {
            int byUuid = uuid.toString().compareTo(o.uuid.toString());
            return byUuid != 0 ? byUuid : tag.compareTo(o.tag);
        }

        @Override
        public String toString() {
            return tagged() ? uuid + ":" + tag : uuid.toString();
        }
    }

    /** An inclusive range of sequence numbers {@code start..end}, 1 <= start <= end <= {@link #MAX_SEQUENCE}. */
    public record Interval(long start, long end) {
        public Interval {
            if (start < 1 || end < start || end > MAX_SEQUENCE) {
                throw new IllegalArgumentException("GTID interval must satisfy 1 <= start <= end <= " + MAX_SEQUENCE
                        + ", got " + start + "-" + end);
            }
        }

        public boolean contains(long sequence) {
            return sequence >= start && sequence <= end;
        }

        @Override
        public String toString() {
            return start == end ? Long.toString(start) : start + "-" + end;
        }
    }

    /** Sources in canonical order, each with a non-empty, normalized, unmodifiable interval list. */
    private final Map<Source, List<Interval>> sources;

    private MysqlGtidSet(TreeMap<Source, List<Interval>> sources) {
        this.sources = Collections.unmodifiableMap(sources);
    }

    /**
     * Parses MySQL's text form. Whitespace (MySQL prints {@code ",\n"} between sources) is ignored; an empty or blank
     * string is the empty set. Overlapping or unordered intervals are accepted and merged, as MySQL does.
     *
     * @throws IllegalArgumentException naming the part that is not a UUID, tag or interval
     */
    public static MysqlGtidSet parse(String text) {
        Objects.requireNonNull(text, "text");
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty()) {
            return EMPTY;
        }
        TreeMap<Source, List<Interval>> parsed = new TreeMap<>();
        for (String part : compact.split(",", -1)) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty source between commas in GTID set '" + text + "'");
            }
            String[] fields = part.split(":", -1);
            UUID uuid = parseUuid(fields[0], text);
            if (fields.length < 2) {
                throw new IllegalArgumentException(
                        "GTID set source '" + part + "' has no intervals; expected e.g. " + uuid + ":1-5 in '" + text + "'");
            }
            String tag = "";
            boolean tagHasIntervals = true;
            for (int i = 1; i < fields.length; i++) {
                String field = fields[i];
                if (field.isEmpty()) {
                    throw new IllegalArgumentException("empty field after ':' in '" + part + "' of GTID set '" + text + "'");
                }
                if (Character.isDigit(field.charAt(0))) {
                    parsed.computeIfAbsent(new Source(uuid, tag), s -> new ArrayList<>()).add(parseInterval(field, text));
                    tagHasIntervals = true;
                } else {
                    if (!tagHasIntervals) {
                        throw new IllegalArgumentException(
                                "GTID tag '" + tag + "' has no intervals in '" + part + "' of GTID set '" + text + "'");
                    }
                    tag = new Source(uuid, field).tag();
                    tagHasIntervals = false;
                }
            }
            if (!tagHasIntervals) {
                throw new IllegalArgumentException(
                        "GTID tag '" + tag + "' has no intervals in '" + part + "' of GTID set '" + text + "'");
            }
        }
        parsed.replaceAll((source, intervals) -> normalize(intervals));
        return new MysqlGtidSet(parsed);
    }

    /** The set holding exactly one GTID. */
    public static MysqlGtidSet of(Source source, long sequence) {
        return EMPTY.add(source, sequence);
    }

    /** This set plus one GTID. */
    public MysqlGtidSet add(Source source, long sequence) {
        return union(source, List.of(new Interval(sequence, sequence)));
    }

    /** This set plus one untagged GTID, as a GTID event of MySQL before 8.3 names it. */
    public MysqlGtidSet add(UUID uuid, long sequence) {
        return add(Source.untagged(uuid), sequence);
    }

    /** Every GTID in this set or in {@code other}. */
    public MysqlGtidSet union(MysqlGtidSet other) {
        TreeMap<Source, List<Interval>> merged = new TreeMap<>(sources);
        other.sources.forEach((source, intervals) -> merged.merge(source, intervals, MysqlGtidSet::concatNormalized));
        return new MysqlGtidSet(merged);
    }

    private MysqlGtidSet union(Source source, List<Interval> intervals) {
        TreeMap<Source, List<Interval>> merged = new TreeMap<>(sources);
        merged.merge(source, normalize(intervals), MysqlGtidSet::concatNormalized);
        return new MysqlGtidSet(merged);
    }

    public boolean contains(Source source, long sequence) {
        List<Interval> intervals = sources.get(source);
        if (intervals == null) {
            return false;
        }
        // Intervals are sorted and disjoint: binary search for the last one starting at or before the sequence.
        int low = 0;
        int high = intervals.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Interval candidate = intervals.get(mid);
            if (candidate.start() > sequence) {
                high = mid - 1;
            } else if (candidate.end() < sequence) {
                low = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** True when every GTID of {@code other} is in this set. */
    public boolean containsAll(MysqlGtidSet other) {
        return union(other).equals(this);
    }

    public boolean isEmpty() {
        return sources.isEmpty();
    }

    /** True when some source has a tag; then {@link #encode} uses the tagged format, which needs MySQL 8.3+. */
    public boolean hasTags() {
        return sources.keySet().stream().anyMatch(Source::tagged);
    }

    /** Sources in canonical order, each with its sorted, merged intervals. */
    public Map<Source, List<Interval>> sources() {
        return sources;
    }

    /**
     * The binary form carried by {@code COM_BINLOG_DUMP_GTID}. Without tags it is the classic format every MySQL
     * 5.6+ reads: an 8-byte little-endian source count, then per source its 16 UUID bytes, an 8-byte interval count
     * and each interval as start and exclusive end, 8 bytes each. With tags it is MySQL 8.3's tagged format: the count
     * becomes {@code (1 << 56) | (count << 8) | 1}, and after each UUID comes the tag as one length byte
     * ({@code length << 1}, the variable-length integer of MySQL's serialization library for values below 128)
     * followed by its characters, a zero byte for the untagged source.
     */
    public byte[] encode() {
        boolean tagged = hasTags();
        int length = 8;
        for (Map.Entry<Source, List<Interval>> e : sources.entrySet()) {
            length += 16 + (tagged ? 1 + e.getKey().tag().length() : 0) + 8 + 16 * e.getValue().size();
        }
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long count = sources.size();
        out.putLong(tagged ? (TAGGED_FORMAT << 56) | (count << 8) | TAGGED_FORMAT : count);
        for (Map.Entry<Source, List<Interval>> e : sources.entrySet()) {
            UUID uuid = e.getKey().uuid();
            out.order(ByteOrder.BIG_ENDIAN).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN);
            if (tagged) {
                String tag = e.getKey().tag();
                out.put((byte) (tag.length() << 1));
                out.put(tag.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.putLong(e.getValue().size());
            for (Interval interval : e.getValue()) {
                out.putLong(interval.start());
                out.putLong(interval.end() + 1);
            }
        }
        return out.array();
    }

    /** Canonical MySQL text: {@code uuid:1-5:7:tag:1-3,uuid2:1}; empty string for the empty set. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        UUID current = null;
        for (Map.Entry<Source, List<Interval>> e : sources.entrySet()) {
            Source source = e.getKey();
            if (!source.uuid().equals(current)) {
                if (current != null) {
                    text.append(',');
                }
                text.append(source.uuid());
                current = source.uuid();
            }
            if (source.tagged()) {
                text.append(':').append(source.tag());
            }
            for (Interval interval : e.getValue()) {
                text.append(':').append(interval);
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MysqlGtidSet other && sources.equals(other.sources);
    }

    @Override
    public int hashCode() {
        return sources.hashCode();
    }

    private static UUID parseUuid(String text, String whole) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a server UUID (like 3e11fa47-71ca-11e1-9e33-c80aa9429562)"
                    + " in GTID set '" + whole + "'");
        }
        String hex = text.replace("-", "");
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    private static Interval parseInterval(String text, String whole) {
        int dash = text.indexOf('-');
        try {
            long start = Long.parseLong(dash < 0 ? text : text.substring(0, dash));
            long end = dash < 0 ? start : Long.parseLong(text.substring(dash + 1));
            return new Interval(start, end);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a GTID interval (N or N-M) in GTID set '" + whole + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in GTID set '" + whole + "'", e);
        }
    }

    private static List<Interval> concatNormalized(List<Interval> a, List<Interval> b) {
        List<Interval> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return normalize(all);
    }

    /** Sorts and merges overlapping or adjacent intervals ({@code 1-3} and {@code 4-5} become {@code 1-5}). */
    private static List<Interval> normalize(List<Interval> intervals) {
        List<Interval> sorted = new ArrayList<>(intervals);
        sorted.sort((x, y) -> Long.compare(x.start(), y.start()));
        List<Interval> merged = new ArrayList<>(sorted.size());
        for (Interval next : sorted) {
            if (!merged.isEmpty()) {
                Interval last = merged.get(merged.size() - 1);
                // last.end() + 1 cannot overflow: end <= MAX_SEQUENCE < Long.MAX_VALUE.
                if (next.start() <= last.end() + 1) {
                    merged.set(merged.size() - 1, new Interval(last.start(), Math.max(last.end(), next.end())));
                    continue;
                }
            }
            merged.add(next);
        }
        return List.copyOf(merged);
    }
}
