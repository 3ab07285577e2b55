package chat.mz.client.messaging;

import chat.mz.protocol.session.SessionEvent;

/** The words a system line shows for a membership change, from this account's point of view. */
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
            case MESSAGE -> event.text();
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
