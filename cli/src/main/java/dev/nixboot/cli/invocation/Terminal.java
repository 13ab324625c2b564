package dev.nixboot.cli.invocation;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Optional;

/** A person at a keyboard. Absent in CI, under a pipe, or when stdin is not a terminal. */
public interface Terminal {

    /** Shows the prompt and reads a line; null when input has ended. */
    String readLine(String prompt);

    /** Shows the prompt and reads a line without echo; null when input has ended. */
    String readPassword(String prompt);

    /** The terminal nixboot runs in, if any. */
    static Optional<Terminal> system() {
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
            return Optional.empty();
        }
        return Optional.of(new Terminal() {
            @Override
            public String readLine(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public String readPassword(String prompt) {
                char[] password = console.readPassword("%s", prompt);
                return password == null ? null : new String(password);
            }
        });
    }

    /**
     * From JDK 22 on, {@code System.console()} returns a console even when input is redirected, and only
     * {@code Console.isTerminal()} (absent from the Java 17 API this is compiled against) tells the difference.
     */
    private static boolean isTerminal(Console console) {
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before JDK 22 a non-null console is a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
