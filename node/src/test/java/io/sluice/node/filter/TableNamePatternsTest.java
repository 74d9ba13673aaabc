package io.sluice.node.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Pattern lists against canal's recorded answers, regex edge cases, and errors. */
class TableNamePatternsTest {

    private static boolean matches(String patterns, String name) {
        return TableNamePatterns.parse("test", patterns).matches(name, true);
    }

    @Test
    void agreesWithCanalOnEveryRecordedPair() {
        List<String> wrong = new ArrayList<>();
        for (String[] row : CanalAnswers.ROWS) {
            boolean ours = matches(row[0], row[1]);
            if (ours != Boolean.parseBoolean(row[2])) {
                wrong.add("[" + row[0] + "] on [" + row[1] + "]: canal " + row[2] + ", sluice " + ours);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + CanalAnswers.ROWS.length + " differ: " + wrong);
        assertTrue(CanalAnswers.ROWS.length > 300);
    }

    @Test
    void dotsMustBeEscapedToMeanADot() {
        assertTrue(matches("shop\\..*", "shop.orders"));
        assertFalse(matches("shop\\..*", "shopx.orders"));
        assertTrue(matches("crm.customer", "crm.customer"));
        assertTrue(matches("crm.customer", "crmXcustomer"), "an unescaped dot is any character, as in canal");
        assertTrue(matches(".*\\..*", "any.table"));
        assertFalse(matches(".*\\..*", "nodot"));
        // ".*\\..*" as a Java literal: the pattern has an escaped backslash, so it wants a backslash in the name
        assertFalse(matches(".*\\\\..*", "any.table"));
        assertTrue(matches(".*\\\\..*", "odd\\.name"));
    }

    @Test
    void patternsAreAnchoredAtBothEnds() {
        assertFalse(matches("shop", "shop.orders"), "a pattern without a dot cannot match schema.table");
        assertFalse(matches("orders", "shop.orders"));
        assertFalse(matches("shop\\.order", "shop.orders"));
        assertFalse(matches("hop\\.orders", "shop.orders"));
        assertTrue(matches("s1\\..*,s2\\..*", "s2.t2"));
        assertFalse(matches("s1\\..*,s2\\..*", "s12.t1"));
    }

    @Test
    void namesAndPatternsAreCaseInsensitive() {
        assertTrue(matches("SHOP\\.Orders", "shop.orders"));
        assertTrue(matches("shop\\.orders", "SHOP.ORDERS"));
        assertTrue(matches("[A-Z]+\\.T", "shop.t"));
        assertTrue(matches("Ä\\.t", "ä.T"));
        assertTrue(matches("i\\.t", "I.T"), "lower-casing does not depend on the JVM locale");
    }

    @Test
    void commasSplitAndSpacesStayPartOfThePattern() {
        TableNamePatterns spaced = TableNamePatterns.parse("canal.instance.filter.regex", "shop\\..*, crm\\.customer");
        assertEquals(List.of("shop\\..*", " crm\\.customer"), spaced.patterns());
        assertTrue(spaced.matches("shop.orders", true));
        assertFalse(spaced.matches("crm.customer", true), "canal keeps the space, so this pattern never matches");
        assertEquals(1, spaced.warnings().size());
        assertTrue(spaced.warnings().get(0).contains("pattern 2 of 2 ` crm\\.customer`"), spaced.warnings().get(0));
        assertEquals(List.of("a\\.b", "c\\.d"), TableNamePatterns.parse("x", ",a\\.b,,c\\.d,").patterns());
        assertTrue(TableNamePatterns.parse("x", "a\\.b,c\\.d").warnings().isEmpty());
    }

    @Test
    void canalSplitsACountedRepeatWithACommaAndSoDoWe() {
        // db_\d{1,2}\.t becomes two patterns: db_\d{1 and 2}\.t, both with literal braces
        assertFalse(matches("db_\\d{1,2}\\.t", "db_12.t"));
        assertTrue(matches("db_\\d{1,2}\\.t", "db_1{1"));
        assertTrue(matches("db_\\d{1,2}\\.t", "2}.t"));
        assertTrue(matches("db_\\d{2}\\.t", "db_12.t"), "{n} without a comma is a real repeat");
    }

    @Test
    void aBareBarMatchesTheWayCanalsEngineDoes() {
        assertFalse(matches("foo|foot", "foot"), "the first alternative found must cover the whole name");
        assertTrue(matches("foot|foo", "foot"));
        assertTrue(matches("(foo|foot)", "foot"), "inside a group the anchors force the longer alternative");
        assertTrue(matches("foooo,f.*t", "fooooot"));
        assertTrue(matches("a\\.b|c\\.d", "c.d"));
    }

    @Test
    void backslashesAndClassesKeepTheirPerlMeaning() {
        assertTrue(matches("shop\\", "shop$"), "a trailing backslash escapes the anchor canal appends");
        assertFalse(matches("shop\\", "shop"));
        assertTrue(matches("a\\.[b[]", "a.["), "'[' inside a class is a literal in Perl");
        assertTrue(matches("a\\.[b&&c]", "a.&"), "'&&' inside a class is not an intersection in Perl");
        assertTrue(matches("a\\.[]x]", "a.]"));
        assertTrue(matches("a\\.\\w\\d\\s?", "a.x1"));
        assertTrue(matches("(a)\\1\\.x", "aa.x"));
    }

    @Test
    void emptyListsAndEmptyNamesGiveTheCallersDefault() {
        for (String empty : new String[] {null, "", ",", ",,,"}) {
            TableNamePatterns none = TableNamePatterns.parse("x", empty);
            assertTrue(none.isEmpty());
            assertTrue(none.matches("a.b", true));
            assertFalse(none.matches("a.b", false));
        }
        TableNamePatterns some = TableNamePatterns.parse("x", "a\\.b");
        assertTrue(some.matches("", true));
        assertFalse(some.matches("", false));
        assertFalse(TableNamePatterns.parse("x", " ").matches("a.b", true), "a lone space is a pattern, as in canal");
    }

    @Test
    void anInvalidRegexNamesTheSettingThePatternItsPositionAndTheFix() {
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                () -> TableNamePatterns.parse("canal.instance.filter.regex", "shop\\..*,crm\\.(customer,x\\.y"));
        String m = e.getMessage();
        assertTrue(m.startsWith("canal.instance.filter.regex: pattern 2 of 3 `crm\\.(customer` is not a valid"
                + " regular expression: Unclosed group"), m);
        assertTrue(m.contains("put a backslash before a character meant literally"), m);
    }

    @Test
    void constructsJavaWouldReadDifferentlyAreRefused() {
        String[][] refused = {
            {"[[:alpha:]]+\\..*", "POSIX character classes"},
            {"a\\.\\101", "octal escapes"},
            {"a\\.b\\z", "\\z is not a Perl 5 escape"},
            {"\\p{Alpha}\\..*", "\\p is not a Perl 5 escape"},
            {"\\Qa.b\\E", "\\Q is not a Perl 5 escape"},
            {"a\\.\\x{41}", "two hex digits"},
            {"*\\.t", "nothing to repeat"},
            {"a\\.b|{2}", "nothing to repeat"},
        };
        for (String[] r : refused) {
            FilterSyntaxException e = assertThrows(FilterSyntaxException.class,
                    () -> TableNamePatterns.parse("subscribe filter", r[0]), r[0]);
            assertTrue(e.getMessage().contains("pattern 1 of 1 `" + r[0] + "`") && e.getMessage().contains(r[1]),
                    e.getMessage());
        }
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        TableNamePatterns p = TableNamePatterns.parse("x", "shop\\..*,crm\\.customer");
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 20_000; i++) {
                    if (!p.matches("shop.t" + i, false) || p.matches("crm.t" + i, false)) {
                        failures.add(new AssertionError("wrong answer at " + i));
                        return;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(failures.isEmpty(), failures.toString());
    }

    /**
     * Runs only when canal's filter is on the test classpath (com.alibaba.otter:canal.filter): compares answers
     * with canal's own AviaterRegexFilter on the recorded pairs and on seeded random ones.
     */
    @Test
    void agreesWithCanalsOwnFilterWhenItIsAvailable() throws Exception {
        Class<?> canalFilter;
        try {
            canalFilter = Class.forName("com.alibaba.otter.canal.filter.aviater.AviaterRegexFilter");
        } catch (ClassNotFoundException e) {
            Assumptions.abort("com.alibaba.otter:canal.filter is not on the test classpath");
            return;
        }
        Constructor<?> create = canalFilter.getConstructor(String.class, boolean.class);
        Method filter = canalFilter.getMethod("filter", String.class);
        List<String[]> pairs = new ArrayList<>(List.of(CanalAnswers.ROWS));
        Random random = new Random(20240611L);
        for (int i = 0; i < 20_000; i++) {
            String pattern = RandomPatterns.pattern(random);
            pairs.add(new String[] {pattern, random.nextInt(3) == 0 ? pattern.replace("\\", "")
                    : RandomPatterns.name(random)});
        }
        List<String> wrong = new ArrayList<>();
        int compared = 0;
        for (String[] pair : pairs) {
            TableNamePatterns ours;
            try {
                ours = TableNamePatterns.parse("x", pair[0]);
            } catch (FilterSyntaxException refused) {
                continue; // refused on purpose: canal reads these differently or never matches; see docs
            }
            boolean theirs;
            try {
                theirs = (Boolean) filter.invoke(create.newInstance(pair[0], false), pair[1]);
            } catch (ReflectiveOperationException | RuntimeException canalRejects) {
                continue; // canal's engine cannot compile it
            }
            compared++;
            if (ours.matches(pair[1], false) != theirs) {
                wrong.add("[" + pair[0] + "] on [" + pair[1] + "]: canal " + theirs);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " of " + compared + " differ: " + wrong);
    }
}
