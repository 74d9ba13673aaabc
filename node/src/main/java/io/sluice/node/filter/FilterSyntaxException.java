package io.sluice.node.filter;

/**
 * A filter setting that cannot be used as written. The message names the setting, the pattern and its position in
 * the comma-separated list, what is wrong and how to fix it. Thrown only while a filter is built, never while one is
 * applied.
 */
public final class FilterSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FilterSyntaxException(String message) {
        super(message);
    }

    public FilterSyntaxException(String message, Throwable cause) {
        super(message, cause);
    }
}
