package chat.mz.crypto;

/**
 * Cost parameters for {@link Argon2id}. They must be stored next to whatever they protect (the
 * keystore's header): a key derived with other parameters is a different key, and
 * {@link #interactive()} may grow in later versions as machines get faster.
 *
 * <p>Parameters read back from a file are attacker-controlled input; whoever reads them should
 * refuse values far above the ones it writes before deriving, or a doctored file can make the app
 * allocate gigabytes or spin for minutes.
 *
 * @param memoryKiB memory in KiB (m); at least {@code 8 × parallelism}, as RFC 9106 requires
 * @param iterations passes over memory (t); at least 1
 * @param parallelism lanes (p), 1 to 2<sup>24</sup>-1. BouncyCastle computes all lanes on one thread,
 *        so more lanes add no speed here; the value is still part of the result.
 */
public record Argon2Params(int memoryKiB, int iterations, int parallelism) {
    /** @throws IllegalArgumentException for values RFC 9106 does not allow */
    public Argon2Params {
        if (parallelism < 1 || parallelism > 0xFFFFFF) {
            throw new IllegalArgumentException("Argon2 parallelism must be 1 to 2^24-1, not " + parallelism);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("Argon2 iterations must be at least 1, not " + iterations);
        }
        if (memoryKiB < 8 * parallelism) {
            throw new IllegalArgumentException("Argon2 memory must be at least 8 KiB per lane, not " + memoryKiB);
        }
    }

    /**
     * The parameters for unlocking the keystore when the user types a passphrase: 64 MiB, t = 3,
     * p = 1. That is the memory and pass count of RFC 9106 §4's second recommended option, and OWASP
     * allows far less (19 MiB, t = 2). On this project's 2-core machines BouncyCastle takes about
     * 0.3-0.4 s once the JIT has compiled it, and 1-2 s for the first call in a fresh JVM (mostly
     * JIT warm-up, which smaller parameters barely shorten): short enough to wait for at unlock,
     * long enough to make each passphrase guess cost an attacker 64 MiB for a third of a second.
     * Parallelism 1 because BouncyCastle runs the lanes one after another anyway.
     */
    public static Argon2Params interactive() {
        return new Argon2Params(64 * 1024, 3, 1);
    }
}
