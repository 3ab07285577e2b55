/**
 * What the app shows when it runs into a problem it did not expect: one
 * {@link chat.mz.ui.errors.ErrorDialog} that explains in plain words, says where the log is and
 * copies the details for a bug report.
 */
package chat.mz.ui.errors;
