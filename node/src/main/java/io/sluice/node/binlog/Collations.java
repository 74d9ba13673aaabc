package io.sluice.node.binlog;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the collation ids that TABLE_MAP metadata carries (and ColumnHints may supply) to the character set of the
 * column, and that character set to a Java {@link Charset}.
 *
 * <p>Coverage, checked against {@code information_schema.COLLATIONS}:
 * <ul>
 *   <li>1..247: the ids MySQL 5.x/8.x and MariaDB share (MariaDB 10.11 lists exactly these below 248).</li>
 *   <li>76 (MySQL 8 utf8mb3_tolower_ci), 248..250 (MySQL gb18030), 255..323 (MySQL 8.0 utf8mb4 *_0900_*
 *       collations; MariaDB 11.4+ reuses these ids for its MySQL-compatible aliases, also utf8mb4).</li>
 *   <li>MariaDB 576..578 utf8mb3, 608..610 utf8mb4, 640..642 ucs2, 672..674 utf16, 736..738 utf32
 *       (croatian, myanmar, thai_520_w2).</li>
 *   <li>MariaDB 1024..2047: the NO PAD variant of collation {@code id - 1024}, same character set.</li>
 *   <li>MariaDB 10.10+ 2048..4095: UCA-14.0.0 collations, {@code 1ccc tttt tPST}: bits 8..10 name the character
 *       set (0 utf8mb3, 1 utf8mb4, 2 ucs2, 3 utf16, 4 utf32), e.g. 2304 = utf8mb4_uca1400_ai_ci, MariaDB 11.4's
 *       default.</li>
 * </ul>
 *
 * <p>Character sets that the server stores differently from their name are mapped to what the bytes really are:
 * MySQL's {@code latin1} is Windows-1252, {@code ucs2}/{@code utf16}/{@code utf32} are big-endian, {@code utf8mb3}
 * is decoded as UTF-8 (it cannot contain 4-byte sequences, so this is exact). Six rare single-byte character sets
 * have no JDK charset ({@code dec8, hp8, swe7, keybcs2, armscii8, geostd8}); they decode as ISO-8859-1, which keeps
 * ASCII exact and every other byte reversible, and {@link #isApproximate(int)} says so.
 *
 * <p>Thread-safe: immutable tables.
 */
public final class Collations {
    /** The {@code binary} pseudo character set: the column holds bytes, not text. */
    public static final int BINARY = 63;

    private static final String[] NAMES = {
        null, "big5", "latin2", "dec8", "cp850", "latin1", "hp8", "koi8r", "swe7", "ascii", "ujis", "sjis",
        "cp1251", "hebrew", "tis620", "euckr", "latin7", "koi8u", "gb2312", "greek", "cp1250", "gbk", "cp1257",
        "latin5", "armscii8", "utf8mb3", "ucs2", "cp866", "keybcs2", "macce", "macroman", "cp852", "utf8mb4",
        "utf16", "utf16le", "cp1256", "utf32", "binary", "geostd8", "cp932", "eucjpms", "gb18030",
    };
    private static final int BIG5 = 1, LATIN2 = 2, DEC8 = 3, CP850 = 4, LATIN1 = 5, HP8 = 6, KOI8R = 7, SWE7 = 8,
            ASCII = 9, UJIS = 10, SJIS = 11, CP1251 = 12, HEBREW = 13, TIS620 = 14, EUCKR = 15, LATIN7 = 16,
            KOI8U = 17, GB2312 = 18, GREEK = 19, CP1250 = 20, GBK = 21, CP1257 = 22, LATIN5 = 23, ARMSCII8 = 24,
            UTF8MB3 = 25, UCS2 = 26, CP866 = 27, KEYBCS2 = 28, MACCE = 29, MACROMAN = 30, CP852 = 31, UTF8MB4 = 32,
            UTF16 = 33, UTF16LE = 34, CP1256 = 35, UTF32 = 36, BIN = 37, GEOSTD8 = 38, CP932 = 39, EUCJPMS = 40,
            GB18030 = 41;

    /** Character set index per collation id below 1024; 0 = unknown id. */
    private static final byte[] BY_ID = new byte[1024];
    private static final Charset[] JAVA = new Charset[NAMES.length];
    private static final boolean[] APPROXIMATE = new boolean[NAMES.length];

    static {
        set(BIG5, 1, 84);
        set(LATIN2, 2, 9, 21, 27, 77);
        set(DEC8, 3, 69);
        set(CP850, 4, 80);
        set(LATIN1, 5, 8, 15, 31, 47, 48, 49, 94);
        set(HP8, 6, 72);
        set(KOI8R, 7, 74);
        set(SWE7, 10, 82);
        set(ASCII, 11, 65);
        set(UJIS, 12, 91);
        set(SJIS, 13, 88);
        set(CP1251, 14, 23, 50, 51, 52);
        set(HEBREW, 16, 71);
        set(TIS620, 18, 89);
        set(EUCKR, 19, 85);
        set(LATIN7, 20, 41, 42, 79);
        set(KOI8U, 22, 75);
        set(GB2312, 24, 86);
        set(GREEK, 25, 70);
        set(CP1250, 26, 34, 44, 66, 99);
        set(GBK, 28, 87);
        set(CP1257, 29, 58, 59);
        set(LATIN5, 30, 78);
        set(ARMSCII8, 32, 64);
        set(UTF8MB3, 33, 76, 83, 223);
        setRange(UTF8MB3, 192, 215);
        setRange(UTF8MB3, 576, 578);
        set(UCS2, 35, 90, 159);
        setRange(UCS2, 128, 151);
        setRange(UCS2, 640, 642);
        set(CP866, 36, 68);
        set(KEYBCS2, 37, 73);
        set(MACCE, 38, 43);
        set(MACROMAN, 39, 53);
        set(CP852, 40, 81);
        set(UTF8MB4, 45, 46);
        setRange(UTF8MB4, 224, 247);
        setRange(UTF8MB4, 255, 323);
        setRange(UTF8MB4, 608, 610);
        set(UTF16, 54, 55);
        setRange(UTF16, 101, 124);
        setRange(UTF16, 672, 674);
        set(UTF16LE, 56, 62);
        set(CP1256, 57, 67);
        set(UTF32, 60, 61);
        setRange(UTF32, 160, 183);
        setRange(UTF32, 736, 738);
        set(BIN, BINARY);
        set(GEOSTD8, 92, 93);
        set(CP932, 95, 96);
        set(EUCJPMS, 97, 98);
        setRange(GB18030, 248, 250);

        java(BIG5, "Big5");
        java(LATIN2, "ISO-8859-2");
        java(CP850, "IBM850");
        java(LATIN1, "windows-1252");
        java(KOI8R, "KOI8-R");
        java(ASCII, "US-ASCII");
        java(UJIS, "EUC-JP");
        java(SJIS, "Shift_JIS");
        java(CP1251, "windows-1251");
        java(HEBREW, "ISO-8859-8");
        java(TIS620, "TIS-620");
        java(EUCKR, "EUC-KR");
        java(LATIN7, "ISO-8859-13");
        java(KOI8U, "KOI8-U");
        java(GB2312, "GB2312");
        java(GREEK, "ISO-8859-7");
        java(CP1250, "windows-1250");
        java(GBK, "GBK");
        java(CP1257, "windows-1257");
        java(LATIN5, "ISO-8859-9");
        java(UTF8MB3, "UTF-8");
        java(UCS2, "UTF-16BE");
        java(CP866, "IBM866");
        java(MACCE, "x-MacCentralEurope");
        java(MACROMAN, "x-MacRoman");
        java(CP852, "IBM852");
        java(UTF8MB4, "UTF-8");
        java(UTF16, "UTF-16BE");
        java(UTF16LE, "UTF-16LE");
        java(CP1256, "windows-1256");
        java(UTF32, "UTF-32BE");
        java(CP932, "windows-31j");
        java(EUCJPMS, "x-eucJP-Open");
        java(GB18030, "GB18030");
        for (int cs = 1; cs < NAMES.length; cs++) {
            if (JAVA[cs] == null && cs != BIN) {
                JAVA[cs] = StandardCharsets.ISO_8859_1;
                APPROXIMATE[cs] = true;
            }
        }
    }

    private Collations() {
    }

    private static void set(int charset, int... ids) {
        for (int id : ids) {
            BY_ID[id] = (byte) charset;
        }
    }

    private static void setRange(int charset, int from, int to) {
        for (int id = from; id <= to; id++) {
            BY_ID[id] = (byte) charset;
        }
    }

    private static void java(int charset, String name) {
        try {
            JAVA[charset] = Charset.forName(name);
        } catch (UnsupportedCharsetException e) {
            // A JDK without the jdk.charsets module: fall back below and report as approximate.
            JAVA[charset] = null;
        }
    }

    private static int charsetIndex(int collationId) {
        if (collationId <= 0) {
            return 0;
        }
        if (collationId < 1024) {
            return BY_ID[collationId];
        }
        if (collationId < 2048) {
            // MariaDB NO PAD variants: 1024 + the PAD collation's id.
            return BY_ID[collationId - 1024];
        }
        if (collationId < 4096) {
            return switch ((collationId >> 8) & 7) {
                case 0 -> UTF8MB3;
                case 1 -> UTF8MB4;
                case 2 -> UCS2;
                case 3 -> UTF16;
                case 4 -> UTF32;
                default -> 0;
            };
        }
        return 0;
    }

    /** True when the id names a collation this table knows (binary included). */
    public static boolean isKnown(int collationId) {
        return charsetIndex(collationId) != 0;
    }

    /** True for the binary pseudo character set (the column holds bytes). */
    public static boolean isBinary(int collationId) {
        return charsetIndex(collationId) == BIN;
    }

    /** The server's character set name ({@code utf8mb4}, {@code latin1}, {@code binary}...), or null when unknown. */
    public static String charsetName(int collationId) {
        int cs = charsetIndex(collationId);
        return cs == 0 ? null : NAMES[cs];
    }

    /**
     * The Java charset that decodes the column's bytes exactly (or approximately, see {@link #isApproximate}).
     * Null when the id is unknown or names the binary character set; tell the two apart with {@link #isBinary}.
     */
    public static Charset charset(int collationId) {
        int cs = charsetIndex(collationId);
        return cs == 0 || cs == BIN ? null : JAVA[cs];
    }

    /** Default collation id per character set name, as MariaDB and MySQL 5.7 compile them in. */
    private static final Map<String, Integer> DEFAULT_ID = Map.ofEntries(
            Map.entry("big5", 1), Map.entry("dec8", 3), Map.entry("cp850", 4),
            Map.entry("hp8", 6), Map.entry("koi8r", 7), Map.entry("latin1", 8),
            Map.entry("latin2", 9), Map.entry("swe7", 10), Map.entry("ascii", 11),
            Map.entry("ujis", 12), Map.entry("sjis", 13), Map.entry("hebrew", 16),
            Map.entry("tis620", 18), Map.entry("euckr", 19), Map.entry("koi8u", 22),
            Map.entry("gb2312", 24), Map.entry("greek", 25), Map.entry("cp1250", 26),
            Map.entry("gbk", 28), Map.entry("latin5", 30), Map.entry("armscii8", 32),
            Map.entry("utf8mb3", 33), Map.entry("utf8", 33), Map.entry("ucs2", 35),
            Map.entry("cp866", 36), Map.entry("keybcs2", 37), Map.entry("macce", 38),
            Map.entry("macroman", 39), Map.entry("cp852", 40), Map.entry("latin7", 41),
            Map.entry("utf8mb4", 45), Map.entry("cp1251", 51), Map.entry("utf16", 54),
            Map.entry("utf16le", 56), Map.entry("cp1256", 57), Map.entry("cp1257", 59),
            Map.entry("utf32", 60), Map.entry("binary", BINARY),
            Map.entry("geostd8", 92), Map.entry("cp932", 95), Map.entry("eucjpms", 97),
            Map.entry("gb18030", 248));

    /**
     * The id of a character set's default collation ({@code utf8mb4} → 45, {@code binary} → 63), or -1 when the
     * name is unknown. Any collation of a character set decodes the same bytes, so this is what a schema layer that
     * knows only the character set name can hint.
     */
    public static int defaultCollationId(String charsetName) {
        if (charsetName == null) {
            return -1;
        }
        Integer id = DEFAULT_ID.get(charsetName.toLowerCase(Locale.ROOT));
        return id == null ? -1 : id;
    }

    /** True when {@link #charset(int)} is an ISO-8859-1 stand-in for a character set the JDK does not have. */
    public static boolean isApproximate(int collationId) {
        return APPROXIMATE[charsetIndex(collationId)];
    }
}
