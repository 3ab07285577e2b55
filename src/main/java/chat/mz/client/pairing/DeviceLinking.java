package chat.mz.client.pairing;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.crypto.Bytes;
import chat.mz.crypto.CryptoException;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.IdentityException;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.pairing.AbortReason;
import chat.mz.protocol.pairing.PairingMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The authorized device's side of linking a new device, one link per instance:
 *
 * <ol>
 *   <li>{@link #start()} makes the invitation and its first mailbox call, which creates the session;
 *       once that is answered the returned stage completes and the QR code may be shown.</li>
 *   <li>It long-polls for the new device's request, checks the proof that the device holds its
 *       signing key, sends its random challenge, and takes the device's reveal.</li>
 *   <li>{@link #approval()} then completes with the device's name, platform, key fingerprint and
 *       the check code. Nothing is signed until the person calls {@link LinkApproval#approve()}.</li>
 *   <li>On approval the {@link CertificateIssuer} signs the certificate, which goes to the device
 *       with the account's profile; {@link #result()} completes when the device has accepted it.</li>
 * </ol>
 *
 * <p>{@link #result()} fails with a {@link LinkException} on denial, expiry, tampering, a second
 * device answering the same code (each device is told), cancellation or a lost connection. While
 * the person decides, the mailbox is still watched, so a second device is noticed at any point.
 *
 * <p>No method blocks; stages complete on {@code executor}'s threads.
 */
public final class DeviceLinking extends LinkFlow {
    private enum Stage { NEW, AWAITING_REQUEST, AWAITING_REVEAL, AWAITING_DECISION, ISSUING, AWAITING_ACCEPTANCE }

    private final CertificateIssuer issuer;
    private final CompletableFuture<LinkInvitation> invitation = new CompletableFuture<>();
    private final CompletableFuture<LinkApproval> approval = new CompletableFuture<>();
    private final CompletableFuture<LinkedDevice> result = new CompletableFuture<>();

    private Stage stage = Stage.NEW;
    private final List<byte[]> otherResponders = new ArrayList<>();
    private PairingMessage.Request request;
    private byte[] requestPlaintext;
    private byte[] challengePlaintext;
    private NewDevice device;
    private LinkApproval pending;
    private CertificateIssuer.Issued issued;

    /**
     * @param connection the homeserver connection; the invitation names its address
     * @param issuer     signs the certificate once the person approved
     * @param executor   runs the flow's steps and timers; owned by the caller
     */
    public DeviceLinking(HomeserverConnection connection, CertificateIssuer issuer, Clock clock, SecureRandom random,
                         ScheduledExecutorService executor) {
        super(connection, clock, random, executor);
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Creates the invitation and the mailbox session.
     *
     * @return completes with the invitation to show as a QR code once the homeserver holds the session
     */
    public CompletionStage<LinkInvitation> start() {
        serial.execute(this::begin);
        return invitation;
    }

    /** Completes when a device has answered and the check code is known. */
    public CompletionStage<LinkApproval> approval() {
        return approval;
    }

    /** Completes when the new device has accepted its certificate. */
    public CompletionStage<LinkedDevice> result() {
        return result;
    }

    /** Stops linking; a device that answered is told. */
    public void cancel() {
        serial.execute(() -> end(LinkException.of(LinkException.Reason.CANCELLED),
                abortNotices(AbortReason.CANCELLED)));
    }

    CompletionStage<LinkedDevice> approve(LinkApproval decided) {
        serial.execute(() -> {
            if (decided != pending || stage != Stage.AWAITING_DECISION || ended()) {
                return;
            }
            stage = Stage.ISSUING;
            CompletionStage<CertificateIssuer.Issued> issuing;
            try {
                issuing = issuer.issue(device);
            } catch (RuntimeException e) {
                issuing = CompletableFuture.failedFuture(e);
            }
            issuing.whenComplete((issuedNow, error) -> serial.execute(() -> certificateIssued(issuedNow, error)));
        });
        return result;
    }

    void deny(LinkApproval decided) {
        serial.execute(() -> {
            if (decided == pending && stage == Stage.AWAITING_DECISION && !ended()) {
                end(LinkException.of(LinkException.Reason.DENIED), List.of(seal(new PairingMessage.Denied())));
            }
        });
    }

    private void begin() {
        if (stage != Stage.NEW || ended()) {
            return;
        }
        LinkInvitation created;
        try {
            created = LinkInvitation.create(connection.uri(), random);
        } catch (IllegalArgumentException e) {
            end(LinkException.of(LinkException.Reason.FAILED, "Linking failed: " + e.getMessage()), List.of());
            return;
        }
        keys = new PairingKeys(created.sessionId(), created.secret());
        channel = PairingChannel.initiator(keys);
        attach(created.sessionId(), MailboxSide.INITIATOR);
        stage = Stage.AWAITING_REQUEST;
        // A plain call first: its answer confirms the session exists before anyone can scan the code.
        link.open().whenComplete((expiresAt, error) -> serial.execute(() -> {
            if (ended()) {
                return;
            }
            if (error != null) {
                end(LinkException.from(error), List.of());
                return;
            }
            invitation.complete(created);
            link.receive();
        }));
    }

    /** The authorized device always watches the mailbox, so it notices a second device at any time. */
    @Override
    void afterPayload() {
        link.receive();
    }

    @Override
    void received(byte[] payload) {
        PairingChannel.Opened opened;
        try {
            opened = channel.open(payload);
        } catch (LinkTamperedException e) {
            if (channel.peer().isEmpty()) {
                // nobody is bound yet: the device that claims this payload may hold the secret
                PairingChannel.claimedResponder(payload).ifPresent(otherResponders::add);
            }
            tampered();
            return;
        }
        if (opened.foreign()) {
            otherResponders.add(opened.responderId());
            end(LinkException.of(LinkException.Reason.ANOTHER_DEVICE), abortNotices(AbortReason.ANOTHER_DEVICE));
            return;
        }
        PairingMessage message;
        try {
            message = codec.decode(opened.plaintext());
        } catch (IllegalArgumentException e) {
            tampered();
            return;
        }
        if (message instanceof PairingMessage.Abort abort) {
            end(fromPeer(abort.reason()), List.of());
        } else if (!opened.inOrder()) {
            // payloads were skipped: only a final abort may do that
            tampered();
        } else if (stage == Stage.AWAITING_REQUEST && message instanceof PairingMessage.Request r) {
            requestReceived(r, opened.plaintext());
        } else if (stage == Stage.AWAITING_REVEAL && message instanceof PairingMessage.Reveal reveal) {
            revealReceived(reveal);
        } else if (stage == Stage.AWAITING_ACCEPTANCE && message instanceof PairingMessage.Accepted accepted) {
            acceptanceReceived(accepted);
        } else {
            // anything out of turn, including a second message while the person decides
            tampered();
        }
    }

    private void requestReceived(PairingMessage.Request r, byte[] plaintext) {
        if (!RsaOaep.ALG.equals(r.encryptionAlg())) {
            end(LinkException.of(LinkException.Reason.UNSUPPORTED), abortNotices(AbortReason.UNSUPPORTED));
            return;
        }
        byte[] peer = channel.peer().orElseThrow();
        try {
            RsaOaep.checkPublicKey(r.encryptionKey());
        } catch (CryptoException e) {
            tampered();
            return;
        }
        if (!Ed25519.verify(r.signingKey(), keys.proofMessage(peer, r), r.proof())) {
            tampered();
            return;
        }
        request = r;
        requestPlaintext = plaintext;
        device = NewDevice.of(r);
        byte[] nonce = new byte[PairingMessage.NONCE_BYTES];
        random.nextBytes(nonce);
        challengePlaintext = codec.encode(new PairingMessage.Challenge(nonce));
        stage = Stage.AWAITING_REVEAL;
        post(channel.seal(challengePlaintext));
    }

    private void revealReceived(PairingMessage.Reveal reveal) {
        byte[] peer = channel.peer().orElseThrow();
        if (!Bytes.constantTimeEquals(keys.commitment(peer, reveal.responderNonce()), request.commitment())) {
            tampered();
            return;
        }
        String code = keys.checkCode(peer, requestPlaintext, challengePlaintext, reveal.responderNonce());
        pending = new LinkApproval(device, code, link.expiresAt(), this);
        stage = Stage.AWAITING_DECISION;
        approval.complete(pending);
    }

    private void certificateIssued(CertificateIssuer.Issued issuedNow, Throwable error) {
        if (stage != Stage.ISSUING || ended()) {
            return;
        }
        if (error != null) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            end(LinkException.of(LinkException.Reason.FAILED, "The certificate could not be issued: "
                    + cause.getMessage()), abortNotices(AbortReason.CANCELLED));
            return;
        }
        issued = issuedNow;
        stage = Stage.AWAITING_ACCEPTANCE;
        post(seal(new PairingMessage.Approved(issued.certificate().encode(), issued.profile())));
    }

    private void acceptanceReceived(PairingMessage.Accepted accepted) {
        DeviceCertificate certificate;
        try {
            certificate = DeviceCertificate.decode(accepted.certificate());
            DeviceCertificate sent = issued.certificate();
            // the device may add its countersignature and nothing else
            if (!Arrays.equals(certificate.body().encode(), sent.body().encode())
                    || !Arrays.equals(certificate.rootSignature(), sent.rootSignature())) {
                tampered();
                return;
            }
            certificate.verify(issued.profile().rootPublicKey(), issued.profile().userId(), clock.instant());
        } catch (IdentityException e) {
            tampered();
            return;
        }
        finish();
        result.complete(new LinkedDevice(device, certificate));
    }

    @Override
    List<byte[]> abortNotices(AbortReason reason) {
        if (channel == null) {
            return List.of();
        }
        List<byte[]> notices = new ArrayList<>();
        byte[] abort = codec.encode(new PairingMessage.Abort(reason));
        channel.peer().ifPresent(peer -> notices.add(channel.sealFor(peer, abort)));
        for (byte[] other : otherResponders) {
            notices.add(channel.sealFor(other, abort));
        }
        return notices;
    }

    @Override
    void failed(LinkException failure) {
        invitation.completeExceptionally(failure);
        approval.completeExceptionally(failure);
        result.completeExceptionally(failure);
    }
}
