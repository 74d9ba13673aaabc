package io.sluice.common.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} references to environment variables inside configuration values, so that secrets stay out of
 * files and out of ZooKeeper. A value may mix text and references ({@code pre-${A}-post}); {@code $$} stands for a
 * literal {@code $}. Anything else starting with {@code $} is an error, so that a typo never passes as a password.
 */
public final class EnvReferences {

    private static final Pattern TOKEN = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$");

    private EnvReferences() {
    }

    /** Whether {@code text} holds at least one reference. */
    public static boolean hasReferences(String text) {
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the syntax without resolving anything.
     *
     * @throws ConfigException naming {@code source} and {@code key} if a {@code $} starts no valid reference
     */
    public static void check(String text, String source, String key) {
        resolve(text, name -> "", source, key);
    }

    /**
     * Replaces every reference by the variable's value.
     *
     * @param env looks a variable up; null means unset ({@code System::getenv} in production)
     * @throws ConfigException naming the variable, {@code source} and {@code key} if a variable is unset or a
     *                         {@code $} starts no valid reference
     */
    public static String resolve(String text, Function<String, String> env, String source, String key) {
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            if (m.group().equals("$$")) {
                out.append('$');
            } else if (m.group(1) != null) {
                String value = env.apply(m.group(1));
                if (value == null) {
                    throw new ConfigException(source, key, "environment variable " + m.group(1) + " is not set;"
                            + " set it before starting, or write the value without ${...}");
                }
                out.append(value);
            } else {
                throw new ConfigException(source, key, "'$' at character " + (m.start() + 1) + " starts no"
                        + " environment reference; write ${NAME} (NAME: letters, digits, '_'), or $$ for a literal $");
            }
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }
}
