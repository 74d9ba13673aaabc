package io.sluice.node.tools;

import java.io.IOException;

import io.sluice.node.source.DecodedEvent;

/** Prints decoded events in one output format. Not thread-safe. */
interface EventPrinter {
    void print(DecodedEvent event) throws IOException;

    /** Row changes printed so far (an UPDATE's before and after images count once). */
    long rowsPrinted();

    void flush() throws IOException;
}
