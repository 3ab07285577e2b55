package chat.mz.bench;

import static chat.mz.bench.RekeyWaits.get;

import chat.mz.crypto.RsaKeyPair;
import chat.mz.crypto.RsaOaep;
import chat.mz.protocol.Methods;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.SessionInfo;
import chat.mz.protocol.session.SessionRef;
import chat.mz.protocol.session.SessionUserParams;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The re-key bench's members: their accounts registered, and the groups filled with them.
 *
 * <p>Member accounts are real (own root key, own signed device list and certificates, verified by the
 * homeserver and by every client that looks them up); only the devices' RSA encryption keys come from
 * a small pool, reused across devices, since making one costs up to a second and sealing costs the
 * same for any key. Groups above {@value NewSessionRequest#MAX_INITIAL_MEMBERS} initial members are
 * filled by invitations each invitee accepts.
 */
final class RekeyPopulation {
    private final URI uri;
    private final ExecutorService setup;
    private final SecureRandom random;

    /** Set-up against the homeserver at {@code uri}, its parallel work done on {@code setup}. */
    RekeyPopulation(URI uri, ExecutorService setup, SecureRandom random) {
        this.uri = uri;
        this.setup = setup;
        this.random = random;
    }

    /** {@code count} RSA key pairs, made in parallel. */
    RsaKeyPair[] rsaPool(int count) throws Exception {
        List<Future<RsaKeyPair>> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            made.add(setup.submit(() -> RsaOaep.generate(random)));
        }
        RsaKeyPair[] keys = new RsaKeyPair[count];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = made.get(i).get();
        }
        return keys;
    }

    /**
     * {@code count} accounts of {@link RoomRekeyBench#DEVICES_PER_MEMBER} devices, their encryption keys
     * taken in turn from {@code pool}, registered as many at a time as the set-up pool has threads.
     */
    List<RekeyMember> register(int count, RsaKeyPair[] pool) throws Exception {
        List<Future<RekeyMember>> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            made.add(setup.submit(() -> {
                RekeyMember member = new RekeyMember(String.format(Locale.ROOT, "rekey%04d", index),
                        RoomRekeyBench.DEVICES_PER_MEMBER, pool, index * RoomRekeyBench.DEVICES_PER_MEMBER, random);
                member.register(uri);
                return member;
            }));
        }
        List<RekeyMember> members = new ArrayList<>(count);
        for (Future<RekeyMember> future : made) {
            members.add(get(future, "registering an account"));
        }
        return members;
    }

    /**
     * An encrypted group of {@code size} members (the sender and {@code others}): made with as many as one
     * call takes, the rest invited by the sender and each accepting on its first device. Returns its id.
     */
    String group(RekeyDevice sender, List<RekeyMember> others, int size) throws Exception {
        int initial = Math.min(others.size(), NewSessionRequest.MAX_INITIAL_MEMBERS);
        SessionInfo info = get(sender.messenger().conversations().createGroup("Re-key bench " + size,
                others.subList(0, initial).stream().map(RekeyMember::userId).toList(), true), "making the group");
        String sessionId = info.sessionId();
        List<RekeyMember> invitees = others.subList(initial, others.size());
        if (!invitees.isEmpty()) {
            List<CompletableFuture<?>> invitations = new ArrayList<>();
            for (RekeyMember invitee : invitees) {
                invitations.add(sender.online().connection().call(Methods.INVITE_USER_TO_SESSION,
                        new SessionUserParams(sessionId, invitee.userId())));
            }
            for (CompletableFuture<?> invitation : invitations) {
                get(invitation, "inviting a member");
            }
            AtomicInteger accepted = new AtomicInteger();
            List<Future<?>> accepts = new ArrayList<>();
            for (RekeyMember invitee : invitees) {
                accepts.add(setup.submit(() -> {
                    try (RekeyMember.Online device = RekeyMember.Online.open(uri).login(invitee, 0)) {
                        device.call(Methods.ACCEPT_JOIN_SESSION_APPROVAL, new SessionRef(sessionId));
                    }
                    int done = accepted.incrementAndGet();
                    if (done % 100 == 0) {
                        System.out.printf(Locale.ROOT, "    %d of %d invitations accepted%n", done, invitees.size());
                    }
                    return null;
                }));
            }
            for (Future<?> accept : accepts) {
                get(accept, "accepting an invitation");
            }
        }
        SessionInfo now = get(sender.online().connection().call(Methods.GET_SESSION, new SessionRef(sessionId)),
                "looking the group up");
        if (now.members().size() != size) {
            throw new HarnessFailure("the group of " + size + " has " + now.members().size() + " members");
        }
        return sessionId;
    }
}
