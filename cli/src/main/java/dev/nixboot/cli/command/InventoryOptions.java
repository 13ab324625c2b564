package dev.nixboot.cli.command;

import dev.nixboot.cli.display.ProblemDisplay;
import dev.nixboot.cli.invocation.Invocation;
import dev.nixboot.engine.PlaybookEngine;
import dev.nixboot.engine.api.PlaybookException;
import dev.nixboot.engine.api.VariableInputs;
import dev.nixboot.engine.compile.CompiledPlaybook;
import dev.nixboot.engine.inventory.Inventory;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --inventory} and {@code --limit}, shared by the commands that compile a playbook for its hosts. */
final class InventoryOptions {

    @Option(
            names = "--inventory",
            paramLabel = "FILE",
            description = "Run the playbook once per host of this"
                    + " inventory (schemas/inventory.schema.json), each with its own variables; --var and --vars-file"
                    + " still win.")
    String file;

    @Option(
            names = "--limit",
            paramLabel = "HOST",
            split = ",",
            description = "With --inventory: only these hosts" + " or groups.")
    List<String> limit = new ArrayList<>();

    /** The inventory named by {@code --inventory}, or empty without it. Throws for {@code --limit} alone. */
    Optional<Inventory> read(Invocation invocation, PrintWriter err) throws InvalidInput {
        if (file == null) {
            if (!limit.isEmpty()) {
                throw new UsageException("--limit needs --inventory FILE: it chooses among an inventory's hosts");
            }
            return Optional.empty();
        }
        Path path = invocation.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("--inventory " + file + ": no such file");
        }
        try {
            return Optional.of(Inventory.read(path));
        } catch (PlaybookException e) {
            new ProblemDisplay(err, invocation).print(path, e.problems());
            throw new InvalidInput();
        }
    }

    /**
     * The playbook compiled for each selected host, in inventory order; all hosts' problems printed together, each
     * host's under its name, when any has one.
     */
    Map<String, CompiledPlaybook> compile(
            Inventory inventory,
            PlaybookEngine engine,
            Path playbook,
            VariableInputs commandLine,
            Invocation invocation,
            PrintWriter err)
            throws InvalidInput {
        List<String> hosts;
        try {
            hosts = inventory.select(limit);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, CompiledPlaybook> compiled = new LinkedHashMap<>();
        boolean invalid = false;
        for (String host : hosts) {
            try {
                compiled.put(host, engine.compile(playbook, commandLine.forHost(inventory.file(), host)));
            } catch (PlaybookException e) {
                err.println("host " + host + ":");
                new ProblemDisplay(err, invocation).print(playbook, e.problems());
                invalid = true;
            }
        }
        if (invalid) {
            throw new InvalidInput();
        }
        return compiled;
    }

    /** The input was reported already; the command exits 2 without doing anything. */
    static final class InvalidInput extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidInput() {
            super(null, null, false, false);
        }
    }
}
