package dev.bss.engine.train;

import dev.bss.core.io.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint file format (version 1), written atomically (temporary file, fsync, rename) with a SHA-256
 * trailer and a {@code <file>.sha256} side file:
 *
 * <pre>
 * UTF "bss-checkpoint" | int version=1 | int epoch | long seed | UTF method id | int sectionCount
 * sectionCount × (UTF name | int length | bytes)
 * 32 bytes SHA-256 of everything above
 * </pre>
 * Sections written by the trainer: {@code parameters} (every network parameter by hierarchical name, including
 * BatchNorm running statistics), {@code optimizer} ({@link ParameterUpdater} state), {@code scheduler}
 * ({@code SequenceScheduler.saveState}), {@code method} ({@code TrainingMethod.saveState}), {@code online} (last
 * online statistics), {@code history} (JSON list of {@link EpochReport}).
 */
public final class Checkpoints {

    static final String MAGIC = "bss-checkpoint";
    static final int VERSION = 1;

    /** A decoded checkpoint. */
    public record Checkpoint(int epoch, long seed, String methodId, Map<String, byte[]> sections) {
    }

    private Checkpoints() {
    }

    /** Writes {@code checkpoint} to {@code file} atomically; returns the hex SHA-256. */
    public static String write(Path file, Checkpoint checkpoint) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(checkpoint.epoch());
            out.writeLong(checkpoint.seed());
            out.writeUTF(checkpoint.methodId());
            out.writeInt(checkpoint.sections().size());
            for (Map.Entry<String, byte[]> e : checkpoint.sections().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        }
        byte[] body = bytes.toByteArray();
        byte[] digest = Sha256.raw(body, body.length);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(body));
            ch.write(java.nio.ByteBuffer.wrap(digest));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        String hex = HexFormat.of().formatHex(digest);
        Path side = dir.resolve(file.getFileName() + ".sha256");
        Path sideTmp = dir.resolve(file.getFileName() + ".sha256.tmp");
        Files.writeString(sideTmp, hex + "  " + file.getFileName() + "\n");
        Files.move(sideTmp, side, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return hex;
    }

    /** Reads and verifies a checkpoint. */
    public static Checkpoint read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CheckpointFormatException(file + ": no such checkpoint file");
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < 32) {
            throw new CheckpointFormatException(file + ": truncated (" + all.length + " bytes)");
        }
        byte[] expected = Arrays.copyOfRange(all, all.length - 32, all.length);
        if (!MessageDigest.isEqual(expected, Sha256.raw(all, all.length - 32))) {
            throw new CheckpointFormatException(file + ": checksum mismatch (corrupt or truncated file)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 32))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new CheckpointFormatException(file + ": not a bss checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new CheckpointFormatException(file + ": checkpoint version " + version + ", this build reads " + VERSION);
            }
            int epoch = in.readInt();
            long seed = in.readLong();
            String method = in.readUTF();
            int count = in.readInt();
            Map<String, byte[]> sections = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                if (length < 0 || length > in.available()) { // never trust a length, even under a valid checksum
                    throw new CheckpointFormatException(file + ": section '" + name + "' declares " + length + " bytes, "
                            + in.available() + " remain");
                }
                byte[] data = new byte[length];
                in.readFully(data);
                sections.put(name, data);
            }
            return new Checkpoint(epoch, seed, method, sections);
        } catch (java.io.EOFException e) {
            throw new CheckpointFormatException(file + ": truncated checkpoint body");
        } catch (java.io.UTFDataFormatException e) {
            throw new CheckpointFormatException(file + ": malformed name in checkpoint body (" + e.getMessage() + ")");
        }
    }
}
