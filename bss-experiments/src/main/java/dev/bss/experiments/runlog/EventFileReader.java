package dev.bss.experiments.runlog;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back the scalars of a TensorBoard event file written by {@link EventFileWriter} (or any TFRecord file of
 * {@code tensorflow.Event}s; fields other than {@code wall_time}, {@code step}, {@code file_version} and scalar
 * summary values are skipped). Every record's length and data CRCs are checked.
 *
 * <p>Errors ({@link EventFileFormatException}, naming the file and the byte offset of the record): a record cut
 * short (header, data or trailing CRC), a length that exceeds the file, a length or data CRC mismatch, and data that
 * is not a well-formed {@code Event}.
 */
public final class EventFileReader {

    /** One scalar: the event's wall time and step, the value's tag and {@code simple_value}. */
    public record Scalar(double wallTime, long step, String tag, float value) {
    }

    /** The whole file: its {@code file_version} (from the first event that has one) and every scalar in order. */
    public record Contents(String fileVersion, int records, List<Scalar> scalars) {

        /** The scalars with this tag, in order. */
        public List<Scalar> tag(String tag) {
            return scalars.stream().filter(s -> s.tag().equals(tag)).toList();
        }
    }

    private EventFileReader() {
    }

    /** Reads and verifies the file. */
    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        String version = null;
        List<Scalar> scalars = new ArrayList<>();
        int records = 0;
        int pos = 0;
        while (pos < all.length) {
            if (all.length - pos < 12) {
                throw new EventFileFormatException(file, pos, "truncated record header (" + (all.length - pos) + " of 12 bytes)");
            }
            long length = b.getLong(pos);
            if (b.getInt(pos + 8) != EventFileWriter.maskedCrc32c(all, pos, 8)) {
                throw new EventFileFormatException(file, pos, "length CRC mismatch (corrupt record header)");
            }
            if (length < 0 || length > all.length - pos - 16L) {
                throw new EventFileFormatException(file, pos, "record of " + length + " bytes runs past the end of the file ("
                        + (all.length - pos - 12) + " bytes left)");
            }
            int data = pos + 12;
            int len = (int) length;
            if (b.getInt(data + len) != EventFileWriter.maskedCrc32c(all, data, len)) {
                throw new EventFileFormatException(file, pos, "data CRC mismatch (corrupt record)");
            }
            try {
                version = parseEvent(CodedInputStream.newInstance(all, data, len), scalars, version);
            } catch (InvalidProtocolBufferException e) {
                throw new EventFileFormatException(file, pos, "not a tensorflow.Event (" + e.getMessage() + ")");
            }
            records++;
            pos = data + len + 4;
        }
        return new Contents(version, records, scalars);
    }

    private static String parseEvent(CodedInputStream in, List<Scalar> out, String version) throws IOException {
        double wall = 0;
        long step = 0;
        List<String[]> pending = new ArrayList<>(); // summaries may precede wall_time/step on the wire
        List<Float> values = new ArrayList<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            switch (tag) {
                case (1 << 3) | WireFormat.WIRETYPE_FIXED64 -> wall = in.readDouble();
                case (2 << 3) | WireFormat.WIRETYPE_VARINT -> step = in.readInt64();
                case (3 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> version = version == null ? in.readString() : skipString(in, version);
                case (5 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    while (true) {
                        int t = in.readTag();
                        if (t == 0) {
                            break;
                        }
                        if (t == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                            int vl = in.pushLimit(in.readRawVarint32());
                            String name = null;
                            Float simple = null;
                            while (true) {
                                int vt = in.readTag();
                                if (vt == 0) {
                                    break;
                                }
                                if (vt == ((1 << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                                    name = in.readString();
                                } else if (vt == ((2 << 3) | WireFormat.WIRETYPE_FIXED32)) {
                                    simple = in.readFloat();
                                } else if (!in.skipField(vt)) {
                                    break;
                                }
                            }
                            in.popLimit(vl);
                            if (name != null && simple != null) {
                                pending.add(new String[] {name});
                                values.add(simple);
                            }
                        } else if (!in.skipField(t)) {
                            break;
                        }
                    }
                    in.popLimit(limit);
                }
                default -> {
                    if (!in.skipField(tag)) {
                        return version;
                    }
                }
            }
        }
        for (int i = 0; i < pending.size(); i++) {
            out.add(new Scalar(wall, step, pending.get(i)[0], values.get(i)));
        }
        return version;
    }

    private static String skipString(CodedInputStream in, String keep) throws IOException {
        in.readString();
        return keep;
    }
}
