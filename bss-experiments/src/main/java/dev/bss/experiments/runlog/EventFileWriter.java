package dev.bss.experiments.runlog;

import com.google.protobuf.CodedOutputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes a TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}): a sequence of TFRecord records,
 * each holding one {@code tensorflow.Event} protocol buffer.
 *
 * <p><b>TFRecord framing</b> (TensorFlow {@code core/lib/io/record_writer.cc}): {@code uint64 length} (little
 * endian), {@code uint32 masked_crc32c(length bytes)}, {@code length} bytes of data, {@code uint32
 * masked_crc32c(data)}, where {@code masked(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8} (mod 2³²) over the CRC-32C
 * (Castagnoli, {@link CRC32C}).
 *
 * <p><b>Events</b> ({@code tensorflow/core/util/event.proto}, {@code core/framework/summary.proto}): the first record
 * is {@code Event{wall_time = 1, step = 2, file_version = 3: "brain.Event:2"}}; every other is {@code Event{wall_time,
 * step, summary = 5: Summary{value = 1: repeated Value{tag = 1, simple_value = 2 (float)}}}}, encoded with protobuf's
 * {@link CodedOutputStream}. TensorBoard's scalar dashboard reads {@code simple_value} directly.
 *
 * <p>Records are appended through a buffer; {@link #flush()} makes them visible to a running TensorBoard. A process
 * killed mid-record leaves a torn last record, which TensorBoard (and {@link EventFileReader}) detect by its CRC or
 * length. Not thread-safe.
 */
public final class EventFileWriter implements Closeable {

    /** The {@code file_version} of the first record. */
    public static final String FILE_VERSION = "brain.Event:2";
    /** File names start with this (TensorBoard's convention). */
    public static final String PREFIX = "events.out.tfevents.";

    private final Path file;
    private final OutputStream out;

    private EventFileWriter(Path file) throws IOException {
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(event);
        c.writeDouble(1, now());
        c.writeInt64(2, 0);
        c.writeString(3, FILE_VERSION);
        c.flush();
        writeRecord(event.toByteArray());
        out.flush();
    }

    /**
     * A new event file in {@code dir} named {@code events.out.tfevents.<unix seconds>.<host>[.<k>]} ({@code k} counts
     * up when a file of that name exists, e.g. after a quick resume).
     */
    public static EventFileWriter create(Path dir, String host) throws IOException {
        Files.createDirectories(dir);
        String base = PREFIX + (System.currentTimeMillis() / 1000) + "." + host.replaceAll("[^A-Za-z0-9._-]", "_");
        Path f = dir.resolve(base);
        for (int k = 1; Files.exists(f); k++) {
            f = dir.resolve(base + "." + k);
        }
        return new EventFileWriter(f);
    }

    public Path file() {
        return file;
    }

    /** Appends one event at {@code step} holding a scalar per entry of {@code values} (in map order; NaN is skipped). */
    public void scalars(long step, Map<String, Double> values) throws IOException {
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        CodedOutputStream s = CodedOutputStream.newInstance(summary);
        int written = 0;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getValue() == null || Double.isNaN(e.getValue())) {
                continue;
            }
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            CodedOutputStream v = CodedOutputStream.newInstance(value);
            v.writeString(1, e.getKey());
            v.writeFloat(2, e.getValue().floatValue());
            v.flush();
            s.writeByteArray(1, value.toByteArray());
            written++;
        }
        s.flush();
        if (written == 0) {
            return;
        }
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(event);
        c.writeDouble(1, now());
        c.writeInt64(2, step);
        c.writeByteArray(5, summary.toByteArray());
        c.flush();
        writeRecord(event.toByteArray());
    }

    /** Appends one scalar event. */
    public void scalar(String tag, long step, double value) throws IOException {
        scalars(step, Map.of(tag, value));
    }

    private void writeRecord(byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putLong(data.length);
        header.putInt(maskedCrc32c(header.array(), 0, 8));
        out.write(header.array());
        out.write(data);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(maskedCrc32c(data, 0, data.length)).array());
    }

    /** TFRecord's masked CRC-32C of {@code b[off, off + len)}. */
    public static int maskedCrc32c(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + 0xa282ead8;
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Makes everything appended so far visible on disk. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "EventFileWriter[%s]", file);
    }
}
