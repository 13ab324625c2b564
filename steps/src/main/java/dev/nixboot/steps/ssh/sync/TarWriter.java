package dev.nixboot.steps.ssh.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Writes a POSIX (pax) tar stream: ustar headers, with a pax extended header for names and link targets that do not
 * fit or are not ASCII, and for modification times with a fraction of a second. Enough for regular files,
 * directories and symlinks with mode, owner and modification time (to the nanosecond).
 */
final class TarWriter implements AutoCloseable {
    private static final int BLOCK = 512;
    private final OutputStream out;
    private long written;

    TarWriter(OutputStream out) {
        this.out = out;
    }

    /** Owner of an entry, as tar records it: numbers, and names that take precedence when the host knows them. */
    record Owner(int uid, int gid, String user, String group) {}

    void directory(String name, int mode, Instant mtime, Owner owner) throws IOException {
        header(name.endsWith("/") ? name : name + "/", mode, 0, mtime, '5', "", owner);
    }

    void symlink(String name, String target, Instant mtime, Owner owner) throws IOException {
        header(name, 0777, 0, mtime, '2', target, owner);
    }

    void file(String name, int mode, long size, Instant mtime, Owner owner, InputStream content) throws IOException {
        header(name, mode, size, mtime, '0', "", owner);
        long copied = content.transferTo(out);
        if (copied != size) {
            throw new IOException(name + " changed size while being sent (" + size + " -> " + copied + " bytes)");
        }
        written += copied;
        pad(size);
    }

    long bytesWritten() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private void header(String name, int mode, long size, Instant mtime, char type, String link, Owner owner)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
        boolean paxName = nameBytes.length > 100 || !ascii(nameBytes);
        boolean paxLink = linkBytes.length > 100 || !ascii(linkBytes);
        // The ustar field holds whole seconds; pax's mtime record carries the fraction (POSIX pax, "mtime").
        boolean paxTime = mtime.getNano() != 0;
        if (paxName || paxLink || paxTime) {
            StringBuilder records = new StringBuilder();
            if (paxName) {
                records.append(record("path", name));
            }
            if (paxLink) {
                records.append(record("linkpath", link));
            }
            if (paxTime) {
                // Seconds and nanoseconds added as decimals, so a time before 1970 reads -0.5, not -1.500000000.
                records.append(record(
                        "mtime",
                        BigDecimal.valueOf(mtime.getEpochSecond())
                                .add(BigDecimal.valueOf(mtime.getNano(), 9))
                                .toPlainString()));
            }
            byte[] data = records.toString().getBytes(StandardCharsets.UTF_8);
            out.write(block("PaxHeaders/entry", 0644, data.length, mtime.getEpochSecond(), 'x', new byte[0], owner));
            out.write(data);
            pad(data.length);
        }
        out.write(block(
                paxName ? "pax-long-name" : name,
                mode,
                size,
                mtime.getEpochSecond(),
                type,
                paxLink ? new byte[0] : linkBytes,
                owner));
    }

    private static byte[] block(String name, int mode, long size, long mtime, char type, byte[] link, Owner owner) {
        byte[] header = new byte[BLOCK];
        put(header, 0, 100, name.getBytes(StandardCharsets.UTF_8));
        octal(header, 100, 8, mode & 07777);
        octal(header, 108, 8, owner.uid());
        octal(header, 116, 8, owner.gid());
        octal(header, 124, 12, size);
        octal(header, 136, 12, Math.max(0, mtime));
        Arrays.fill(header, 148, 156, (byte) ' ');
        header[156] = (byte) type;
        put(header, 157, 100, link);
        put(header, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(header, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
        put(header, 265, 32, ascii(owner.user()));
        put(header, 297, 32, ascii(owner.group()));
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        byte[] checksum = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, header, 148, 8);
        return header;
    }

    /** {@code "LEN key=value\n"}, where LEN counts the whole record including its own digits. */
    private static String record(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int length = body + Integer.toString(body).length();
        if (Integer.toString(length).length() != Integer.toString(body).length()) {
            length++;
        }
        return length + " " + key + "=" + value + "\n";
    }

    private void pad(long size) throws IOException {
        int remainder = (int) (size % BLOCK);
        if (remainder != 0) {
            out.write(new byte[BLOCK - remainder]);
        }
    }

    private static void put(byte[] header, int offset, int length, byte[] value) {
        System.arraycopy(value, 0, header, offset, Math.min(length, value.length));
    }

    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = String.format("%0" + (length - 1) + "o", value);
        if (digits.length() > length - 1) {
            throw new IllegalArgumentException("value " + value + " does not fit a tar header field");
        }
        put(header, offset, length - 1, digits.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean ascii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String name) {
        return name == null ? new byte[0] : name.getBytes(StandardCharsets.US_ASCII);
    }
}
