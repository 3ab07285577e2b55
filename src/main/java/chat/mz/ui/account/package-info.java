/**
 * This device's own account settings: changing the passphrase that seals its keys
 * ({@link chat.mz.ui.account.ChangePassphraseDialog}).
 */
package chat.mz.ui.account;
