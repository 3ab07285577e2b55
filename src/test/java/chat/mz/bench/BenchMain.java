package chat.mz.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a bench program starts and ends: it takes the output folder as its one argument, is stopped
 * (exit 3) if it runs past its limit, so a hung harness cannot hold a build, and exits 0 when it
 * finished, 1 when the harness failed and 2 for a wrong argument or setting.
 */
final class BenchMain {
    /** One bench's work, writing its results under the folder given. */
    @FunctionalInterface
    interface Body {
        void run(Path outputDir) throws Exception;
    }

    private BenchMain() {
    }

    /** Runs {@code body} and exits the JVM with its status; never returns. */
    static void run(String name, String[] args, Duration limit, Body body) {
        if (args.length != 1) {
            System.err.println(name + ": usage: " + name + " <output folder>");
            System.exit(2);
        }
        startRunLimit(name, limit);
        int status;
        try {
            body.run(Path.of(args[0]));
            status = 0;
        } catch (IllegalArgumentException e) {
            System.err.println(name + ": " + e.getMessage());
            status = 2;
        } catch (HarnessFailure e) {
            System.err.println(name + ": the harness failed: " + e.getMessage());
            if (e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            status = 1;
        } catch (Throwable e) {
            System.err.println(name + ": the harness failed unexpectedly");
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void startRunLimit(String name, Duration limit) {
        Thread watch = new Thread(() -> {
            try {
                Thread.sleep(limit.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(name + ": the harness did not finish within " + limit.toSeconds() + " s");
            Runtime.getRuntime().halt(3);
        }, "bench-run-limit");
        watch.setDaemon(true);
        watch.start();
    }
}
