package chat.mz.cli;

import chat.mz.client.messaging.ContactBook;
import chat.mz.history.Contact;
import chat.mz.history.KeyCheck;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mzchat contacts}: the people this account talks to, and their identity keys. */
@Command(name = "contacts", mixinStandardHelpOptions = true,
        description = {"The people this account talks to and their identity keys.",
                "The first key seen for someone is trusted; if it ever changes, mzchat warns on stderr, exits with "
                        + "code 3 and does nothing with that person until the change is accepted with "
                        + "\"mzchat contacts trust\" (after comparing safety numbers)."},
        subcommands = {ContactsCommand.Add.class, ContactsCommand.ListContacts.class, ContactsCommand.Trust.class})
final class ContactsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code mzchat contacts add}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Look someone up on the homeserver, check their identity key and devices, and remember "
                    + "them. Prints their user id, the safety number to compare with them, and how many devices "
                    + "they have.",
                    "Exit code 3, with a warning on stderr, when their identity key is not the one seen before."})
    static final class Add extends AccountCommand {
        @Parameters(index = "0", paramLabel = "USER", description = "Their username.")
        String username;

        @Override
        int run(CliAccount account) throws Exception {
            ContactBook.Checked checked = account.await(account.contacts().add(username));
            Contact contact = checked.contact();
            PrintWriter out = out();
            out.println("username: " + contact.username());
            out.println("user_id: " + contact.userId());
            out.println("safety_number: " + checked.safetyNumber());
            out.println("devices: " + checked.devices().devices().size());
            out.println("key: " + (checked.check() == KeyCheck.FIRST_SEEN ? "new (first seen now)"
                    : contact.keyChanged() ? "CHANGED" : "unchanged"));
            out.flush();
            if (checked.check() == KeyCheck.CHANGED || contact.keyChanged()) {
                err().print(new KeyChangedException(contact.username(), checked.safetyNumber()).warning());
                err().flush();
                return KeyChangedException.EXIT_CODE;
            }
            return 0;
        }
    }

    /** {@code mzchat contacts list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the contacts this device knows, with their safety numbers. Works without the "
                    + "homeserver.")
    static final class ListContacts extends AccountCommand {
        @Override
        boolean online() {
            return false;
        }

        @Override
        int run(CliAccount account) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("USERNAME", "USER_ID", "KEY", "SAFETY_NUMBER"));
            for (Contact contact : account.history().contacts()) {
                rows.add(List.of(contact.username(), contact.userId(), contact.keyChanged() ? "CHANGED" : "ok",
                        account.safetyNumber(contact)));
            }
            PrintWriter out = out();
            if (rows.size() == 1) {
                out.println("No contacts yet. Add one with \"mzchat contacts add USER\".");
            } else {
                out.print(DevicesCommand.ListDevices.table(rows));
            }
            out.flush();
            return 0;
        }
    }

    /** {@code mzchat contacts trust}. */
    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = "Accept a contact's changed identity key, once you have compared the safety number "
                    + "with them. Works without the homeserver.")
    static final class Trust extends AccountCommand {
        @Parameters(index = "0", paramLabel = "USER", description = "Their username.")
        String username;

        @Override
        boolean online() {
            return false;
        }

        @Override
        int run(CliAccount account) {
            Contact contact = account.knownContact(username).orElseThrow(() -> new IllegalArgumentException(
                    "\"" + username + "\" is not a contact on this device. Add them with \"mzchat contacts add\"."));
            PrintWriter out = out();
            if (account.history().acceptKeyChange(contact.userId())) {
                out.println("Trusted the new identity key of " + contact.username() + ".");
            } else {
                out.println("The identity key of " + contact.username() + " has not changed; nothing to trust.");
            }
            out.println("safety_number: " + account.safetyNumber(contact));
            out.flush();
            return 0;
        }
    }
}
