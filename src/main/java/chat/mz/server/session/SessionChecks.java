package chat.mz.server.session;

import chat.mz.protocol.ErrorCode;
import chat.mz.protocol.RpcException;
import chat.mz.protocol.session.FetchEventsParams;
import chat.mz.protocol.session.NewSessionRequest;
import chat.mz.protocol.session.SendMessageParams;
import chat.mz.protocol.session.SessionIds;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The shape checks of the conversation methods, made before anything touches the database. */
final class SessionChecks {
    /** Longer than any user id (22 characters); refused before it reaches a query. */
    private static final int MAX_USER_ID_LENGTH = 64;

    private SessionChecks() {
    }

    static String sessionId(String id) {
        return id("session_id", id);
    }

    static String messageId(String id) {
        return id("message_id", id);
    }

    private static String id(String parameter, String id) {
        if (!SessionIds.isWellFormed(id)) {
            throw invalid("Parameter \"" + parameter + "\" must be " + SessionIds.MIN_LENGTH + " to "
                    + SessionIds.MAX_LENGTH + " characters of A-Z a-z 0-9 - _.");
        }
        return id;
    }

    static String userId(String parameter, String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_USER_ID_LENGTH) {
            throw invalid("Parameter \"" + parameter + "\" must be a user id.");
        }
        return id;
    }

    /** The name trimmed, 1 to 64 characters. */
    static String name(String name) {
        String trimmed = name == null ? "" : name.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length < 1 || length > NewSessionRequest.MAX_NAME_LENGTH) {
            throw invalid("Parameter \"name\" must be 1 to " + NewSessionRequest.MAX_NAME_LENGTH
                    + " characters (not counting spaces around it).");
        }
        return trimmed;
    }

    static String text(String text) {
        if (text == null) {
            throw invalid("Parameter \"text\" (or \"ciphertext\") is required.");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > SendMessageParams.MAX_TEXT_BYTES) {
            throw new RpcException(ErrorCode.MESSAGE_TOO_LARGE);
        }
        if (text.isBlank()) {
            throw invalid("Parameter \"text\" must not be empty.");
        }
        return text;
    }

    /** The other initial members: without the caller and repeats, at most 256 (exactly one for a direct chat). */
    static List<String> members(List<String> members, String caller, boolean direct) {
        Set<String> others = new LinkedHashSet<>();
        for (String member : members) {
            if (!caller.equals(userId("members", member))) {
                others.add(member);
            }
        }
        if (others.size() > NewSessionRequest.MAX_INITIAL_MEMBERS) {
            throw invalid("Parameter \"members\" may name at most " + NewSessionRequest.MAX_INITIAL_MEMBERS
                    + " users; invite the others afterwards.");
        }
        if (direct && others.size() != 1) {
            throw invalid("Parameter \"members\" must name exactly one other user for a direct chat.");
        }
        return List.copyOf(others);
    }

    /** The number of items to answer at most. */
    static int fetch(FetchEventsParams params) {
        if (params.ack().size() > FetchEventsParams.MAX_LIMIT) {
            throw invalid("Parameter \"ack\" must be a list of at most " + FetchEventsParams.MAX_LIMIT
                    + " queue ids.");
        }
        if (params.waitSeconds() < 0 || params.waitSeconds() > FetchEventsParams.MAX_WAIT_SECONDS) {
            throw invalid("Parameter \"wait_seconds\" must be 0 to " + FetchEventsParams.MAX_WAIT_SECONDS + ".");
        }
        if (params.limit() == 0) {
            return FetchEventsParams.DEFAULT_LIMIT;
        }
        if (params.limit() < 1 || params.limit() > FetchEventsParams.MAX_LIMIT) {
            throw invalid("Parameter \"limit\" must be 1 to " + FetchEventsParams.MAX_LIMIT + ".");
        }
        return params.limit();
    }

    private static RpcException invalid(String message) {
        return new RpcException(ErrorCode.INVALID_PARAMS, message);
    }
}
