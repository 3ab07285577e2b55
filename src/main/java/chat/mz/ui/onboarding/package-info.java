/**
 * The first-run wizard (where the account lives, its username and passphrase) and the unlock screen.
 * Passphrases pass through here as {@code char[]} that are wiped after use, never as strings.
 */
package chat.mz.ui.onboarding;
