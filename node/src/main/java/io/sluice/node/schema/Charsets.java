package io.sluice.node.schema;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Character set facts DDL resolution needs: the canonical name ({@code utf8} is {@code utf8mb3}), the maximum bytes
 * per character (which picks the TEXT/BLOB variant for {@code TEXT(n)} and CONVERT TO), each character set's
 * compiled-in default collation (MariaDB and MySQL 5.7; MySQL 8 differs only for utf8mb4, see
 * {@link ServerDefaults#defaultCollations}), and the character set of a collation name.
 */
final class Charsets {
    private static final Map<String, Integer> MAX_LEN = new HashMap<>();
    private static final Map<String, String> DEFAULT_COLLATION = new HashMap<>();

    static {
        def("big5", 2, "big5_chinese_ci");
        def("dec8", 1, "dec8_swedish_ci");
        def("cp850", 1, "cp850_general_ci");
        def("hp8", 1, "hp8_english_ci");
        def("koi8r", 1, "koi8r_general_ci");
        def("latin1", 1, "latin1_swedish_ci");
        def("latin2", 1, "latin2_general_ci");
        def("swe7", 1, "swe7_swedish_ci");
        def("ascii", 1, "ascii_general_ci");
        def("ujis", 3, "ujis_japanese_ci");
        def("sjis", 2, "sjis_japanese_ci");
        def("hebrew", 1, "hebrew_general_ci");
        def("tis620", 1, "tis620_thai_ci");
        def("euckr", 2, "euckr_korean_ci");
        def("koi8u", 1, "koi8u_general_ci");
        def("gb2312", 2, "gb2312_chinese_ci");
        def("greek", 1, "greek_general_ci");
        def("cp1250", 1, "cp1250_general_ci");
        def("gbk", 2, "gbk_chinese_ci");
        def("latin5", 1, "latin5_turkish_ci");
        def("armscii8", 1, "armscii8_general_ci");
        def("utf8mb3", 3, "utf8mb3_general_ci");
        def("ucs2", 2, "ucs2_general_ci");
        def("cp866", 1, "cp866_general_ci");
        def("keybcs2", 1, "keybcs2_general_ci");
        def("macce", 1, "macce_general_ci");
        def("macroman", 1, "macroman_general_ci");
        def("cp852", 1, "cp852_general_ci");
        def("latin7", 1, "latin7_general_ci");
        def("utf8mb4", 4, "utf8mb4_general_ci");
        def("cp1251", 1, "cp1251_general_ci");
        def("utf16", 4, "utf16_general_ci");
        def("utf16le", 4, "utf16le_general_ci");
        def("cp1256", 1, "cp1256_general_ci");
        def("cp1257", 1, "cp1257_general_ci");
        def("utf32", 4, "utf32_general_ci");
        def("binary", 1, "binary");
        def("geostd8", 1, "geostd8_general_ci");
        def("cp932", 2, "cp932_japanese_ci");
        def("eucjpms", 3, "eucjpms_japanese_ci");
        def("gb18030", 4, "gb18030_chinese_ci");
    }

    private Charsets() {
    }

    private static void def(String name, int maxLen, String collation) {
        MAX_LEN.put(name, maxLen);
        DEFAULT_COLLATION.put(name, collation);
    }

    /** Lower case, {@code utf8} → {@code utf8mb3}, {@code utf8_bin} → {@code utf8mb3_bin}. */
    static String canonical(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("utf8")) {
            return "utf8mb3";
        }
        if (n.startsWith("utf8_")) {
            return "utf8mb3_" + n.substring(5);
        }
        return n;
    }

    static boolean isKnown(String charset) {
        return MAX_LEN.containsKey(charset);
    }

    /** Maximum bytes per character, 1 when unknown. */
    static int maxLength(String charset) {
        return charset == null ? 1 : MAX_LEN.getOrDefault(charset, 1);
    }

    static String defaultCollation(String charset) {
        return DEFAULT_COLLATION.get(charset);
    }

    /** The character set a collation belongs to ({@code latin1_bin} → {@code latin1}), or null when unknown. */
    static String ofCollation(String collation) {
        if (collation == null) {
            return null;
        }
        if (collation.equals("binary")) {
            return "binary";
        }
        String best = null;
        for (String cs : MAX_LEN.keySet()) {
            if (collation.startsWith(cs + "_") && (best == null || cs.length() > best.length())) {
                best = cs;
            }
        }
        return best;
    }
}
