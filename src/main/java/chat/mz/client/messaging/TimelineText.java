package chat.mz.client.messaging;

import chat.mz.protocol.session.SessionEvent;

/** The words a system line shows for a membership or encryption change, from this account's point of view. */
final class TimelineText {
    private TimelineText() {
    }

    static String of(SessionEvent event, String myUserId) {
        String actor = who(event.actorUserId(), event.actorUsername(), myUserId, true);
        String subject = who(event.subjectUserId(), event.subjectUsername(), myUserId, false);
        return switch (event.kind()) {
            case CREATED -> event.name() == null || event.name().isBlank()
                    ? actor + " started the conversation."
                    : actor + " created the group “" + event.name() + "”.";
            case JOINED -> event.actorUserId() == null || event.actorUserId().equals(event.subjectUserId())
                    ? capital(subject) + " joined."
                    : actor + " added " + subject + ".";
            case LEFT -> capital(subject) + " left.";
            case REMOVED -> actor + " removed " + subject + ".";
            case RENAMED -> actor + " renamed the group to “" + event.name() + "”.";
            case OWNER_CHANGED -> capital(subject) + (myUserId.equals(event.subjectUserId())
                    ? " are now the owner." : " is now the owner.");
            case E2EE_ON -> actor + " turned on end-to-end encryption.";
            case E2EE_OFF -> actor + " turned off end-to-end encryption. New messages may be readable by the "
                    + "homeserver.";
            case KEY_REPLACED -> actor + " replaced the room key (key " + event.keyEpoch() + ").";
            case SETTINGS_CHANGED -> actor + " changed the group's encryption settings.";
            case MESSAGE -> event.text() != null ? event.text() : "";
        };
    }

    private static String who(String userId, String username, String myUserId, boolean sentenceStart) {
        if (userId != null && userId.equals(myUserId)) {
            return sentenceStart ? "You" : "you";
        }
        return username != null ? username : "someone";
    }

    private static String capital(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
