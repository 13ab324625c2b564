package dev.nixboot.steps.ssh.knownhosts;

import dev.nixboot.engine.spi.PlanContext;
import dev.nixboot.engine.spi.Step;
import dev.nixboot.engine.spi.StepContext;
import dev.nixboot.engine.spi.StepFailure;
import dev.nixboot.engine.spi.StepPlan;
import dev.nixboot.steps.ssh.knownhosts.KnownHostsParameters.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ssh.known-hosts}: edits the entries of one host in a known_hosts file. Other lines are left byte for byte as
 * they were, and a run that changes nothing leaves the file untouched, so re-running is harmless. Pattern lines that
 * still trust another key for the host after a replace or remove are reported, not edited: they are someone's
 * decision about many hosts.
 */
public final class KnownHostsStep implements Step<KnownHostsParameters, KnownHostsOutputs> {

    @Override
    public String type() {
        return "ssh.known-hosts";
    }

    @Override
    public String summary() {
        return "Add, replace or remove a host's keys in a known_hosts file";
    }

    @Override
    public Class<KnownHostsParameters> parameters() {
        return KnownHostsParameters.class;
    }

    @Override
    public Class<KnownHostsOutputs> outputs() {
        return KnownHostsOutputs.class;
    }

    @Override
    public String example() {
        return """
                - id: trust_new_host_key
                  type: ssh.known-hosts
                  with:
                    hosts: [gusto, 10.0.0.5]
                    action: replace
                    key: "${{ steps.host_key.outputs.public_key }}"
                """;
    }

    @Override
    public StepPlan plan(KnownHostsParameters parameters, PlanContext context) {
        Path file = context.localPath(parameters.file());
        return new StepPlan(parameters.hosts().stream()
                .map(host -> {
                    String name = KnownHosts.name(host, parameters.port());
                    return switch (parameters.action()) {
                        case REMOVE -> "remove " + name + " from " + file;
                        case ADD -> "add " + keyDescription(parameters, context) + " for " + name + " to " + file;
                        case REPLACE ->
                            "make " + keyDescription(parameters, context) + " the only key of " + name + " in " + file;
                    };
                })
                .toList());
    }

    @Override
    public KnownHostsOutputs execute(KnownHostsParameters parameters, StepContext context) throws Exception {
        Path file = context.localPath(parameters.file());
        KnownHosts knownHosts;
        try {
            knownHosts = KnownHosts.read(file);
        } catch (IOException e) {
            throw new StepFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (parameters.hosts().isEmpty()) {
            throw new StepFailure("hosts is empty: name at least one host");
        }
        for (String host : parameters.hosts()) {
            try {
                HostName.of(host);
            } catch (IllegalArgumentException e) {
                throw new StepFailure(e.getMessage());
            }
        }
        KeyLine key = parameters.action() == Action.REMOVE ? null : key(parameters, context);
        String fingerprint = key == null ? "" : key.key().fingerprint();
        boolean changed = false;
        for (String host : parameters.hosts()) {
            boolean changedHere =
                    switch (parameters.action()) {
                        case REMOVE -> knownHosts.remove(host, parameters.port());
                        case ADD -> knownHosts.add(host, parameters.port(), key, parameters.hashed());
                        case REPLACE -> knownHosts.replace(host, parameters.port(), key, parameters.hashed());
                    };
            if (changedHere) {
                context.console()
                        .info(parameters.action() + " " + KnownHosts.name(host, parameters.port())
                                + (fingerprint.isEmpty() ? "" : " " + fingerprint) + " in " + file);
            }
            changed |= changedHere;
        }
        if (changed) {
            knownHosts.write(file);
        }
        return new KnownHostsOutputs(changed, fingerprint, stillTrusted(parameters, knownHosts, key, file, context));
    }

    /**
     * Pattern lines that keep trusting a key the edit meant to take away, each told as a notice. After an add there
     * is nothing to report: the host's other keys stay trusted by design.
     */
    private static List<String> stillTrusted(
            KnownHostsParameters parameters, KnownHosts knownHosts, KeyLine key, Path file, StepContext context) {
        if (parameters.action() == Action.ADD) {
            return List.of();
        }
        Set<String> where = new LinkedHashSet<>();
        for (String host : parameters.hosts()) {
            String name = KnownHosts.name(host, parameters.port());
            for (KnownHosts.PatternTrust trust :
                    knownHosts.patternsTrusting(host, parameters.port(), key == null ? null : key.key())) {
                where.add(file + ":" + trust.line());
                context.console()
                        .info("notice: " + file + ":" + trust.line() + ": the pattern line '" + trust.hosts()
                                + "' still trusts " + trust.key() + " for " + name + "; nixboot leaves other people's"
                                + " patterns alone: edit or remove that line if the key is not the host's");
            }
        }
        return List.copyOf(where);
    }

    private static KeyLine key(KnownHostsParameters parameters, PlanContext context) throws StepFailure {
        boolean hasKey = parameters.key() != null && !parameters.key().isBlank();
        boolean hasFile = parameters.keyFile() != null && !parameters.keyFile().isBlank();
        if (hasKey == hasFile) {
            throw new StepFailure(
                    parameters.action() + " needs the key: give either key or key_file" + (hasKey ? ", not both" : ""));
        }
        String line;
        if (hasKey) {
            line = parameters.key();
        } else {
            Path keyFile = context.localPath(parameters.keyFile());
            try {
                line = Files.readString(keyFile);
            } catch (IOException e) {
                throw new StepFailure("cannot read key_file " + keyFile + ": " + e.getMessage(), e);
            }
        }
        try {
            return KeyLine.parse(line);
        } catch (IllegalArgumentException e) {
            throw new StepFailure((hasKey ? "key: " : "key_file: ") + e.getMessage());
        }
    }

    private static String keyDescription(KnownHostsParameters parameters, PlanContext context) {
        try {
            return key(parameters, context).key().toString();
        } catch (StepFailure e) {
            return parameters.keyFile() != null ? "the key in " + parameters.keyFile() : "the given key";
        }
    }
}
