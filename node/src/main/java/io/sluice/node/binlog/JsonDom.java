package io.sluice.node.binlog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small mutable JSON tree, built from binary JSON only when a partial update ({@link JsonDiff}) has to be applied
 * to a before image. Scalars keep their finished JSON text, so rendering a tree gives exactly what
 * {@link JsonBinary#toJson} gives for the same document.
 *
 * <p>Objects keep members in MySQL's key order (shorter keys first, then bytewise by UTF-8), which is also the order
 * binary JSON stores them in; {@link Obj#put} inserts a new key at its place in that order, as MySQL's
 * {@code Json_object} does.
 *
 * <p>Not thread-safe.
 */
public final class JsonDom {
    private JsonDom() {
    }

    /** A JSON value. */
    public abstract static sealed class Node permits Obj, Arr, Scalar {
        /** Appends the compact JSON text. */
        public abstract void render(StringBuilder sb);

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            render(sb);
            return sb.toString();
        }
    }

    /** A scalar, held as its JSON text ({@code 1}, {@code "a"}, {@code null}, {@code 1.5e300}...). */
    public static final class Scalar extends Node {
        public static final Scalar NULL = new Scalar("null");
        private final String text;

        public Scalar(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        @Override
        public void render(StringBuilder sb) {
            sb.append(text);
        }
    }

    /** An object. */
    public static final class Obj extends Node {
        private final ArrayList<String> keys;
        private final ArrayList<Node> values;

        public Obj(int capacity) {
            keys = new ArrayList<>(capacity);
            values = new ArrayList<>(capacity);
        }

        /** Adds a member at the end, as binary JSON lists them (already in key order). */
        void append(String key, Node value) {
            keys.add(key);
            values.add(value);
        }

        public int size() {
            return keys.size();
        }

        public Node get(String key) {
            int i = keys.indexOf(key);
            return i < 0 ? null : values.get(i);
        }

        /** Replaces an existing member; false when there is none. */
        public boolean replace(String key, Node value) {
            int i = keys.indexOf(key);
            if (i < 0) {
                return false;
            }
            values.set(i, value);
            return true;
        }

        /** Adds a new member at its place in MySQL's key order; false when the key exists. */
        public boolean put(String key, Node value) {
            if (keys.contains(key)) {
                return false;
            }
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            int at = keys.size();
            for (int i = 0; i < keys.size(); i++) {
                if (compareKeys(k, keys.get(i).getBytes(StandardCharsets.UTF_8)) < 0) {
                    at = i;
                    break;
                }
            }
            keys.add(at, key);
            values.add(at, value);
            return true;
        }

        public boolean remove(String key) {
            int i = keys.indexOf(key);
            if (i < 0) {
                return false;
            }
            keys.remove(i);
            values.remove(i);
            return true;
        }

        /** MySQL's Json_key_comparator: length first, then bytes. */
        private static int compareKeys(byte[] a, byte[] b) {
            if (a.length != b.length) {
                return Integer.compare(a.length, b.length);
            }
            for (int i = 0; i < a.length; i++) {
                int c = Integer.compare(a[i] & 0xff, b[i] & 0xff);
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }

        @Override
        public void render(StringBuilder sb) {
            sb.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('"');
                JsonStrings.appendEscaped(sb, keys.get(i));
                sb.append("\":");
                values.get(i).render(sb);
            }
            sb.append('}');
        }
    }

    /** An array. */
    public static final class Arr extends Node {
        private final List<Node> items;

        public Arr(int capacity) {
            items = new ArrayList<>(capacity);
        }

        void add(Node value) {
            items.add(value);
        }

        public int size() {
            return items.size();
        }

        public Node get(int i) {
            return items.get(i);
        }

        public void set(int i, Node value) {
            items.set(i, value);
        }

        /** Inserts at {@code i}, clamped to the end. */
        public void insert(int i, Node value) {
            items.add(Math.min(Math.max(i, 0), items.size()), value);
        }

        public void remove(int i) {
            items.remove(i);
        }

        @Override
        public void render(StringBuilder sb) {
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                items.get(i).render(sb);
            }
            sb.append(']');
        }
    }
}
