package chat.mz.client.pairing;

/**
 * A link payload failed to decrypt or verify, was replayed, reordered or altered, or the peer said
 * something out of turn. The link ends: nothing more from it is trusted.
 */
public final class LinkTamperedException extends LinkException {
    private static final long serialVersionUID = 1L;

    /** With the one sentence every side shows: "This link was tampered with." */
    public LinkTamperedException() {
        super(Reason.TAMPERED, Reason.TAMPERED.message(), null);
    }
}
