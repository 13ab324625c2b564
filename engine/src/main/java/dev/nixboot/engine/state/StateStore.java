package dev.nixboot.engine.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The state file of one playbook in the state directory: named from the playbook's name and a hash of its absolute
 * path, so two playbooks with one name in different directories keep separate states. Written atomically (a temp
 * file renamed over the old one) and readable by the owner only, since outputs may still be private.
 */
public final class StateStore {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private static final byte[] IGNORE_EVERYTHING =
            "# Made by nixboot: its run state and generated keys stay out of git.\n*\n"
                    .getBytes(StandardCharsets.UTF_8);

    private final Path directory;
    private final Path file;

    public StateStore(Path directory, Path playbook, String playbookName) {
        this.directory = directory;
        String absolute = playbook == null
                ? playbookName
                : playbook.toAbsolutePath().normalize().toString();
        this.file = directory.resolve(safeName(playbookName) + "-" + Fingerprint.shortHash(absolute) + ".json");
    }

    public Path file() {
        return file;
    }

    /** The lock a run of this playbook holds ({@link RunLock}): beside the state file, named after it. */
    Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    /** The saved state, or empty when there is none. Only reads: a dry run may call it. */
    public Optional<RunState> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        RunState state;
        try {
            state = StateJson.read(bytes);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IOException(file + ": not a nixboot state file (" + detail + "); delete it to start afresh", e);
        }
        if (state.version() != RunState.VERSION) {
            throw new IOException(file + ": state format " + state.version() + " is not " + RunState.VERSION
                    + "; delete the file to start afresh");
        }
        return Optional.of(state);
    }

    public void save(RunState state) throws IOException {
        createDirectory();
        Path temp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp", ownerOnly(false));
        try {
            Files.write(temp, StateJson.write(state));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates the state directory (owner only) if it is missing, with a {@code .gitignore} of {@code *} in it, as
     * pytest's and ruff's caches carry one: the directory usually sits in a checkout (nix-config), and nixboot's own
     * files (state, generated keys) must never make it dirty, whatever the checkout's own {@code .gitignore} says. An
     * existing directory without one (made by an older nixboot) gets it too.
     */
    public void createDirectory() throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly(true));
        }
        Path ignore = directory.resolve(".gitignore");
        if (!Files.exists(ignore, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.write(ignore, IGNORE_EVERYTHING, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                // Another run wrote it between the look and the write: it holds the same line.
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly(boolean directory) {
        if (!POSIX) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
    }

    private static String safeName(String name) {
        String safe = name == null ? "" : name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        safe = safe.replaceAll("^[-.]+|-+$", "");
        if (safe.length() > 40) {
            safe = safe.substring(0, 40);
        }
        return safe.isEmpty() ? "playbook" : safe;
    }
}
