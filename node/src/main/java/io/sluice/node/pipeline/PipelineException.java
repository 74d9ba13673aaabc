package io.sluice.node.pipeline;

/**
 * The destination must stop: its schema history cannot follow the source (a DDL it cannot read for a selected
 * table, a TABLE_MAP that disagrees with the history behind the head, a stored history that does not fit the
 * cursor). The message names the table or statement, the position and the fix.
 */
public final class PipelineException extends Exception {
    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
