package chat.mz.app;

import java.nio.file.Path;

/**
 * A process that claims a data folder the way the app does and says how it went: "held" (then keeps
 * the claim for the given milliseconds) or "handed over".
 */
public final class InstanceProbe {
    private InstanceProbe() {
    }

    public static void main(String[] args) throws Exception {
        SingleInstance.Claim claim = SingleInstance.claim(Path.of(args[0]), () -> System.out.println("activated"));
        if (claim instanceof SingleInstance.Held held) {
            System.out.println("held");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
            held.close();
        } else {
            System.out.println("handed over");
        }
        System.out.flush();
    }
}
