/**
 * Benchmarks, run by the {@code bench} Maven profile ({@code ./mvnw -B -ntp -Pbench verify}); they
 * are not tests and Surefire skips this package.
 */
package chat.mz.bench;
