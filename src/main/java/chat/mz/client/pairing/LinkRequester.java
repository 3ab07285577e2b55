package chat.mz.client.pairing;

import chat.mz.client.connection.HomeserverConnection;
import chat.mz.crypto.Ed25519;
import chat.mz.crypto.RsaOaep;
import chat.mz.identity.DeviceCertificate;
import chat.mz.identity.IdentityException;
import chat.mz.identity.Ids;
import chat.mz.identity.UserIds;
import chat.mz.protocol.mailbox.MailboxSide;
import chat.mz.protocol.pairing.AbortReason;
import chat.mz.protocol.pairing.AccountProfile;
import chat.mz.protocol.pairing.PairingMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The new device's side of linking, one link per instance:
 *
 * <ol>
 *   <li>{@link #start} makes the device's keys and id (off the caller's thread), sends the request
 *       with a proof that it holds its signing key, and waits for the challenge.</li>
 *   <li>{@link #checkCode()} then completes with the code to show; the person compares it with the
 *       one on the authorized device.</li>
 *   <li>On approval it checks the certificate (signed by the account's K_id, for this device's keys
 *       and id, for the account whose id that K_id gives), countersigns it, tells the authorized
 *       device, and {@link #result()} completes with keys, certificate and profile.</li>
 * </ol>
 *
 * <p>{@link #result()} fails with a {@link LinkException} on denial, expiry, tampering, a second
 * device on the same code, a certificate that does not check out (the authorized device is told),
 * cancellation or a lost connection. The caller connects {@code connection} to the invitation's
 * {@link LinkInvitation#websocketUri()}. No method blocks.
 */
public final class LinkRequester extends LinkFlow {
    private enum Stage { NEW, MAKING_KEYS, AWAITING_CHALLENGE, AWAITING_DECISION, ACCEPTING }

    private final DeviceKeyGenerator keyGenerator;
    private final CompletableFuture<String> checkCode = new CompletableFuture<>();
    private final CompletableFuture<LinkResult> result = new CompletableFuture<>();

    private Stage stage = Stage.NEW;
    private NewDeviceKeys deviceKeys;
    private PairingMessage.Request request;
    private byte[] requestPlaintext;
    private byte[] responderId;
    private byte[] responderNonce;

    /**
     * @param connection   connected (or connecting) to the invitation's homeserver
     * @param keyGenerator makes the device's key pairs; {@link DeviceKeyGenerator#standard()} in the app
     * @param executor     runs key generation, the flow's steps and timers; owned by the caller
     */
    public LinkRequester(HomeserverConnection connection, DeviceKeyGenerator keyGenerator, Clock clock,
                         SecureRandom random, ScheduledExecutorService executor) {
        super(connection, clock, random, executor);
        this.keyGenerator = Objects.requireNonNull(keyGenerator, "keyGenerator");
    }

    /**
     * Answers an invitation as a device with this name and platform.
     *
     * @return the check code to show, as {@link #checkCode()}
     * @throws IllegalArgumentException if the name or platform cannot go into a certificate
     */
    public CompletionStage<String> start(LinkInvitation invitation, String deviceName, String platform) {
        Objects.requireNonNull(invitation, "invitation");
        PairingMessage.Request.checkLabels(deviceName, platform);
        serial.execute(() -> begin(invitation, deviceName, platform));
        return checkCode;
    }

    /** Completes with the check code, e.g. {@code 482 913}, once the authorized device answered. */
    public CompletionStage<String> checkCode() {
        return checkCode;
    }

    /** Completes with the device's keys, countersigned certificate and profile. */
    public CompletionStage<LinkResult> result() {
        return result;
    }

    /** Stops linking; the authorized device is told if it has heard from this one. */
    public void cancel() {
        serial.execute(() -> end(LinkException.of(LinkException.Reason.CANCELLED),
                abortNotices(AbortReason.CANCELLED)));
    }

    private void begin(LinkInvitation invitation, String deviceName, String platform) {
        if (stage != Stage.NEW || ended()) {
            return;
        }
        stage = Stage.MAKING_KEYS;
        keys = new PairingKeys(invitation.sessionId(), invitation.secret());
        attach(invitation.sessionId(), MailboxSide.RESPONDER);
        CompletableFuture.supplyAsync(() -> keyGenerator.generate(random), timers)
                .whenComplete((made, error) -> serial.execute(() -> keysMade(made, error, deviceName, platform)));
    }

    private void keysMade(NewDeviceKeys made, Throwable error, String deviceName, String platform) {
        if (ended()) {
            if (made != null) {
                made.destroy();
            }
            return;
        }
        if (error != null) {
            end(LinkException.from(error), List.of());
            return;
        }
        deviceKeys = made;
        responderId = new byte[PairingChannel.RESPONDER_ID_BYTES];
        random.nextBytes(responderId);
        responderNonce = new byte[PairingMessage.NONCE_BYTES];
        random.nextBytes(responderNonce);
        channel = PairingChannel.responder(keys, responderId);
        PairingMessage.Request unsigned = new PairingMessage.Request(Ids.random(random), deviceName, platform,
                made.signing().publicKey(), made.encryption().publicKeySpki(), RsaOaep.ALG,
                keys.commitment(responderId, responderNonce), new byte[PairingMessage.SIGNATURE_BYTES]);
        request = unsigned.withProof(Ed25519.sign(made.signing().privateKey(), keys.proofMessage(responderId, unsigned)));
        requestPlaintext = codec.encode(request);
        stage = Stage.AWAITING_CHALLENGE;
        // the first post also tells whether the session exists; only then is there anything to wait for
        postThenReceive(channel.seal(requestPlaintext));
    }

    /** A new device waits only after its own next post ({@link #postThenReceive}). */
    @Override
    void afterPayload() {
    }

    @Override
    void received(byte[] payload) {
        PairingChannel.Opened opened;
        try {
            opened = channel.open(payload);
        } catch (LinkTamperedException e) {
            tampered();
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
            // also one meant for another device: the authorized device stopped for everyone at once
            end(fromPeer(abort.reason()), List.of());
        } else if (opened.foreign()) {
            // The authorized device is talking to another device that answered the same code. It
            // learns of this device from its request, so no notice is needed, and none is sent: a
            // post also takes the next payload, which could be the abort meant for the other device.
            end(LinkException.of(LinkException.Reason.ANOTHER_DEVICE), List.of());
        } else if (!opened.inOrder()) {
            // payloads were skipped: only a final abort may do that
            tampered();
        } else if (stage == Stage.AWAITING_CHALLENGE && message instanceof PairingMessage.Challenge challenge) {
            challengeReceived(challenge, opened.plaintext());
        } else if (stage == Stage.AWAITING_DECISION && message instanceof PairingMessage.Denied) {
            end(LinkException.of(LinkException.Reason.DENIED, "Linking was denied on the other device."), List.of());
        } else if (stage == Stage.AWAITING_DECISION && message instanceof PairingMessage.Approved approved) {
            approvedReceived(approved);
        } else {
            tampered();
        }
    }

    private void challengeReceived(PairingMessage.Challenge challenge, byte[] challengePlaintext) {
        String code = keys.checkCode(responderId, requestPlaintext, challengePlaintext, responderNonce);
        stage = Stage.AWAITING_DECISION;
        postThenReceive(seal(new PairingMessage.Reveal(responderNonce)));
        checkCode.complete(code);
    }

    private void approvedReceived(PairingMessage.Approved approved) {
        DeviceCertificate countersigned;
        try {
            DeviceCertificate certificate = DeviceCertificate.decode(approved.certificate());
            checkCertificate(certificate, approved.profile());
            countersigned = certificate.countersign(deviceKeys.signing().privateKey());
            countersigned.verify(approved.profile().rootPublicKey(), approved.profile().userId(), clock.instant());
        } catch (IdentityException e) {
            end(LinkException.of(LinkException.Reason.CERTIFICATE_REFUSED,
                    "The certificate from the other device does not check out: " + e.getMessage()),
                    abortNotices(AbortReason.CERTIFICATE_REFUSED));
            return;
        }
        stage = Stage.ACCEPTING;
        LinkResult linked = new LinkResult(request.deviceId(), deviceKeys, countersigned, approved.profile());
        post(seal(new PairingMessage.Accepted(countersigned.encode()))).thenRun(() -> serial.execute(() -> {
            if (!ended()) {
                finish();
                result.complete(linked);
            }
        }));
    }

    /** Trusts nothing the authorized device says unless the account's own key vouches for it. */
    private void checkCertificate(DeviceCertificate certificate, AccountProfile profile) throws IdentityException {
        if (!UserIds.fromRootKey(profile.rootPublicKey()).equals(profile.userId())) {
            throw new IdentityException(IdentityException.Reason.WRONG_USER,
                    "The account id does not belong to the account's identity key.");
        }
        if (UserIds.usernameProblem(profile.username()) != null) {
            throw new IdentityException(IdentityException.Reason.MALFORMED, "The account's username is not valid.");
        }
        certificate.verifyIssued(profile.rootPublicKey(), profile.userId(), clock.instant());
        DeviceCertificate.Body body = certificate.body();
        if (!body.deviceId().equals(request.deviceId()) || !body.deviceName().equals(request.deviceName())
                || !body.platform().equals(request.platform())
                || !Arrays.equals(body.signingKey(), request.signingKey())
                || !Arrays.equals(body.encryptionKey(), request.encryptionKey())
                || !body.encryptionAlg().equals(request.encryptionAlg())) {
            throw new IdentityException(IdentityException.Reason.MALFORMED,
                    "It certifies other keys or another device than this one.");
        }
    }

    @Override
    List<byte[]> abortNotices(AbortReason reason) {
        // the authorized device knows this device's conversation only once the request went out
        if (channel == null || stage.compareTo(Stage.AWAITING_CHALLENGE) < 0) {
            return List.of();
        }
        return List.of(seal(new PairingMessage.Abort(reason)));
    }

    @Override
    void failed(LinkException failure) {
        if (deviceKeys != null) {
            deviceKeys.destroy();
        }
        checkCode.completeExceptionally(failure);
        result.completeExceptionally(failure);
    }
}
