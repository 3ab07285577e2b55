/**
 * The Chats section: the conversation list with invitations and join requests, the open
 * conversation, the composer, search, and the New chat and New group dialogs. Everything reaches the
 * account through {@link chat.mz.ui.chats.ChatAccount}, which the app implements on the client core.
 */
package chat.mz.ui.chats;
