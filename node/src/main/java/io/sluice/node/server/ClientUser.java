package io.sluice.node.server;

import java.util.Objects;

/**
 * A user canal clients may log in as. The password is kept in plain text because canal's scramble needs the
 * double SHA-1 of it, which {@link Authenticator} derives once.
 *
 * @param name     the user name as the client sends it
 * @param password the plain password; empty accepts any password for this user, as canal does
 */
public record ClientUser(String name, String password) {
    public ClientUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a client user needs a name; leave the user list empty to accept "
                    + "every user");
        }
    }

    @Override
    public String toString() {
        return "ClientUser[" + name + "]";
    }
}
