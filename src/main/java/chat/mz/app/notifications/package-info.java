/**
 * New-message notifications: {@link chat.mz.app.notifications.NotificationPolicy} decides when a
 * message raises one and what it says, {@link chat.mz.app.notifications.MessageNotifications} applies
 * it to the messenger's events, and a {@link chat.mz.app.notifications.Notifier} shows it the way the
 * system can: a tray icon's message, {@code notify-send} on Linux desktops without a tray, or nothing.
 */
package chat.mz.app.notifications;
