package io.sluice.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.alibaba.otter.canal.protocol.SecurityUtil;

class AuthenticatorTest {
    private static final byte[] SEED = {1, 2, 3, 4, 5, 6, 7, 8};

    @Test
    void scrambleIsCanalsScramble411InLowerCaseHex() throws Exception {
        String canal = SecurityUtil.byte2HexStr(SecurityUtil.scramble411("s3cret".getBytes(StandardCharsets.UTF_8),
                SEED));
        assertEquals(canal, Authenticator.scramble("s3cret", SEED));
    }

    @Test
    void acceptsTheRightPasswordOnly() {
        Authenticator auth = new Authenticator(List.of(new ClientUser("canal", "s3cret"), new ClientUser("open", "")));
        assertTrue(auth.accepts("canal", Authenticator.scramble("s3cret", SEED), SEED));
        assertTrue(auth.accepts("canal", Authenticator.scramble("s3cret", SEED).toUpperCase(), SEED));
        assertFalse(auth.accepts("canal", Authenticator.scramble("wrong", SEED), SEED));
        assertFalse(auth.accepts("canal", Authenticator.scramble("s3cret", new byte[] {9}), SEED));
        assertFalse(auth.accepts("canal", "", SEED));
        assertFalse(auth.accepts("canal", "not hex", SEED));
        assertFalse(auth.accepts("nobody", Authenticator.scramble("s3cret", SEED), SEED));
        assertTrue(auth.accepts("open", "", SEED), "a user without password takes any");
    }

    @Test
    void anEmptyListAcceptsEveryone() {
        assertTrue(new Authenticator(List.of()).accepts("anyone", "", SEED));
    }
}
