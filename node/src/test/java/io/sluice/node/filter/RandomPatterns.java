package io.sluice.node.filter;

import java.util.Random;

/** Random pattern lists and names built from fragments where Perl and Java regex syntax could part ways. */
final class RandomPatterns {
    private static final String[] FRAGMENTS = {"a", "b", "s", "t", "A", "B", "_", "1", ".", "\\.", ".*", "[a-b]",
        "[^.]", "[A-Z]", "[^A-Z]", "\\d", "\\w", "\\W", "(a|ab)", "(ab|a)", "(s|t)*", "\\\\", " ", "x?", "b+", "[_1]",
        "\\.*", "a{1,2}", "|", ",", "{2}", "{", "}", "[a[b]", "[&a]", "[]a]", "\\s", "\\S", "\\D", "(?i)", "(a)\\1",
        "\\b", "\\B", "$", "^", "a{2}b", "\\x41", "[\\.]", "\\"};
    private static final String NAME_CHARS = "abstAB_1. \\{}[&]";

    private RandomPatterns() {
    }

    static String pattern(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            b.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return b.toString();
    }

    static String name(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(7); i > 0; i--) {
            b.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        return b.toString();
    }
}
