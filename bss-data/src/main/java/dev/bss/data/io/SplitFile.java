package dev.bss.data.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bss.data.DataFormatException;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary cache of one split. Layout (all integers and floats little-endian):
 * <pre>
 *   8 bytes  magic "BSSSPLIT"
 *   int32    format version (1)
 *   int32    header length H in bytes
 *   H bytes  UTF-8 JSON header: {"split", "count", "classNames", "modalities":[{"name","kind","shape","vocabularySize"}]}
 *   count records, each: int32 label, then for every modality in order its float32 values (row-major shape)
 * </pre>
 * Records have a fixed size, so sample {@code i} is at {@code 16 + H + i * recordBytes}; the reader
 * memory-maps the file (in chunks below 2 GiB) and decodes one record per {@code get}.
 */
public final class SplitFile {

    static final byte[] MAGIC = "BSSSPLIT".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SplitFile() {
    }

    /** Bytes of one record: a label and every modality's floats. */
    public static long recordBytes(List<ModalitySpec> modalities) {
        long n = 4;
        for (ModalitySpec m : modalities) {
            n += 4L * m.elementCount();
        }
        return n;
    }

    /** Opens a writer that expects exactly {@code count} records. */
    public static Writer create(Path file, String split, List<ModalitySpec> modalities, List<String> classNames, int count)
            throws IOException {
        return new Writer(file, split, modalities, classNames, count);
    }

    /** Streams records into a split file. */
    public static final class Writer implements Closeable {
        private final Path file;
        private final List<ModalitySpec> modalities;
        private final int numClasses;
        private final int count;
        private final OutputStream out;
        private final ByteBuffer record;
        private int written;

        private Writer(Path file, String split, List<ModalitySpec> modalities, List<String> classNames, int count) throws IOException {
            this.file = file;
            this.modalities = List.copyOf(modalities);
            this.numClasses = classNames.size();
            this.count = count;
            ObjectNode header = JSON.createObjectNode();
            header.put("split", split);
            header.put("count", count);
            ArrayNode names = header.putArray("classNames");
            classNames.forEach(names::add);
            ArrayNode mods = header.putArray("modalities");
            for (ModalitySpec m : modalities) {
                ObjectNode o = mods.addObject();
                o.put("name", m.name());
                o.put("kind", m.kind().name());
                ArrayNode shape = o.putArray("shape");
                for (int d : m.shape()) {
                    shape.add(d);
                }
                o.put("vocabularySize", m.vocabularySize());
            }
            byte[] h = JSON.writeValueAsBytes(header);
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
            ByteBuffer pre = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(MAGIC).putInt(VERSION).putInt(h.length);
            out.write(pre.array());
            out.write(h);
            long rb = recordBytes(modalities);
            if (rb > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("one record of " + rb + " bytes is too large for the split cache");
            }
            this.record = ByteBuffer.allocate((int) rb).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Appends one sample; arrays must match the modality shapes. */
        public void write(int label, float[][] values) throws IOException {
            if (label < 0 || label >= numClasses) {
                throw new IllegalArgumentException(file + ": label " + label + " outside [0, " + numClasses + ")");
            }
            if (values.length != modalities.size()) {
                throw new IllegalArgumentException(file + ": " + values.length + " modality arrays, expected " + modalities.size());
            }
            record.clear();
            record.putInt(label);
            for (int m = 0; m < values.length; m++) {
                if (values[m].length != modalities.get(m).elementCount()) {
                    throw new IllegalArgumentException(file + ": modality '" + modalities.get(m).name() + "' has "
                            + values[m].length + " values, expected " + modalities.get(m).elementCount());
                }
                for (float v : values[m]) {
                    record.putFloat(v);
                }
            }
            out.write(record.array(), 0, record.position());
            written++;
        }

        @Override
        public void close() throws IOException {
            out.close();
            if (written != count) {
                throw new IOException(file + ": wrote " + written + " records, header promised " + count);
            }
        }
    }

    /** The parsed header and a memory map of the records. */
    public static final class Reader {
        private final Path file;
        private final String split;
        private final int count;
        private final List<String> classNames;
        private final List<ModalitySpec> modalities;
        private final long dataStart;
        private final long recordBytes;
        private final int recordsPerChunk;
        private final MappedByteBuffer[] chunks;

        private Reader(Path file) throws IOException {
            this.file = file;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size < 16) {
                    throw new DataFormatException(file, "too short for a split cache (" + size + " bytes)");
                }
                ByteBuffer pre = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                ch.read(pre, 0);
                pre.flip();
                byte[] magic = new byte[8];
                pre.get(magic);
                if (!java.util.Arrays.equals(magic, MAGIC)) {
                    throw new DataFormatException(file, "not a bss split cache (bad magic)");
                }
                int version = pre.getInt();
                if (version != VERSION) {
                    throw new DataFormatException(file, "split cache version " + version + ", this build reads " + VERSION);
                }
                int hl = pre.getInt();
                if (hl <= 0 || 16L + hl > size) {
                    throw new DataFormatException(file, "header length " + hl + " does not fit the file");
                }
                ByteBuffer hb = ByteBuffer.allocate(hl);
                ch.read(hb, 16);
                JsonNode h;
                try {
                    h = JSON.readTree(hb.array());
                } catch (IOException e) {
                    throw new DataFormatException(file, "unreadable header JSON: " + e.getMessage());
                }
                this.split = h.path("split").asText();
                this.count = h.path("count").asInt(-1);
                List<String> names = new ArrayList<>();
                h.path("classNames").forEach(n -> names.add(n.asText()));
                this.classNames = List.copyOf(names);
                List<ModalitySpec> mods = new ArrayList<>();
                for (JsonNode m : h.path("modalities")) {
                    int[] shape = new int[m.path("shape").size()];
                    for (int i = 0; i < shape.length; i++) {
                        shape[i] = m.path("shape").get(i).asInt();
                    }
                    try {
                        mods.add(new ModalitySpec(m.path("name").asText(), ModalityKind.valueOf(m.path("kind").asText()),
                                shape, m.path("vocabularySize").asInt()));
                    } catch (IllegalArgumentException e) {
                        throw new DataFormatException(file, "bad modality in header: " + e.getMessage());
                    }
                }
                this.modalities = List.copyOf(mods);
                if (count < 0 || modalities.isEmpty() || classNames.isEmpty()) {
                    throw new DataFormatException(file, "header lacks count, modalities or classNames");
                }
                this.dataStart = 16L + hl;
                this.recordBytes = recordBytes(modalities);
                long expected = dataStart + recordBytes * count;
                if (size != expected) {
                    throw new DataFormatException(file, "size " + size + " bytes, expected " + expected + " for "
                            + count + " records (truncated or corrupt)");
                }
                this.recordsPerChunk = (int) Math.max(1, Math.min(count == 0 ? 1 : count, (1L << 30) / recordBytes));
                int nChunks = count == 0 ? 0 : (count + recordsPerChunk - 1) / recordsPerChunk;
                this.chunks = new MappedByteBuffer[nChunks];
                for (int c = 0; c < nChunks; c++) {
                    long first = (long) c * recordsPerChunk;
                    long n = Math.min(recordsPerChunk, count - first);
                    chunks[c] = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + first * recordBytes, n * recordBytes);
                    chunks[c].order(ByteOrder.LITTLE_ENDIAN);
                }
            }
        }

        public Path file() {
            return file;
        }

        public String split() {
            return split;
        }

        public int count() {
            return count;
        }

        public List<String> classNames() {
            return classNames;
        }

        public List<ModalitySpec> modalities() {
            return modalities;
        }

        /** The label of record {@code i}. */
        public int label(int i) {
            check(i);
            int label = chunks[i / recordsPerChunk].getInt((int) ((i % recordsPerChunk) * recordBytes));
            if (label < 0 || label >= classNames.size()) { // a corrupt record (the SHA-256 check may be off)
                throw new DataFormatException(file, "record " + i + ": label " + label + " outside [0, " + classNames.size() + ")");
            }
            return label;
        }

        /** Decodes the modality arrays of record {@code i} (fresh arrays). */
        public float[][] values(int i) {
            check(i);
            ByteBuffer b = chunks[i / recordsPerChunk].duplicate().order(ByteOrder.LITTLE_ENDIAN);
            b.position((int) ((i % recordsPerChunk) * recordBytes) + 4);
            float[][] out = new float[modalities.size()][];
            for (int m = 0; m < out.length; m++) {
                out[m] = new float[modalities.get(m).elementCount()];
                b.asFloatBuffer().get(out[m]);
                b.position(b.position() + 4 * out[m].length);
            }
            return out;
        }

        private void check(int i) {
            if (i < 0 || i >= count) {
                throw new IndexOutOfBoundsException("sample " + i + " outside [0, " + count + ") in " + file);
            }
        }
    }

    /** Opens and validates a split file (magic, version, header, exact size). */
    public static Reader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "split cache file is missing");
        }
        return new Reader(file);
    }
}
