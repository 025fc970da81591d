package dev.parley.account;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashes. {@code owasp} uses OWASP's parameters (m=19456 KiB, t=2, p=1, about
 * 0.2 s a hash here); {@code test} is fast and unsafe, for test runs only.
 */
public final class Passwords {
    private final Argon2Function function;
    private final String dummyHash;

    public Passwords(String cost) {
        this.function = "test".equals(cost)
                ? Argon2Function.getInstance(64, 1, 1, 32, Argon2.ID)
                : Argon2Function.getInstance(19456, 2, 1, 32, Argon2.ID);
        this.dummyHash = hash("parley-dummy-password");
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(function).getResult();
    }

    public boolean verify(String password, String hash) {
        return Password.check(password, hash).with(function);
    }

    /** Spends the same time as a real check, so an unknown handle answers as slowly as a wrong password. */
    public void verifyDummy(String password) {
        verify(password, dummyHash);
    }
}
