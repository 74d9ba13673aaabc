package io.sluice.node.mysql;

import java.util.List;

/**
 * The source is not set up for change data capture. Lists every problem found (not just the first), each naming
 * the setting and the fix, so that an operator can correct them all in one go. Retrying does not help.
 */
public class PreflightException extends MysqlException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public PreflightException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(String source, List<String> problems) {
        StringBuilder text = new StringBuilder("source ").append(source).append(" is not ready for binlog capture (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (String problem : problems) {
            text.append("\n  - ").append(problem);
        }
        return text.toString();
    }

    /** Each problem with its fix. */
    public List<String> problems() {
        return problems;
    }
}
