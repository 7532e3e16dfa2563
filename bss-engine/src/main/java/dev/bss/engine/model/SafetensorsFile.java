package dev.bss.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model weights as a safetensors file, the portable format numpy, PyTorch and most other frameworks read.
 *
 * <p><b>Format</b> (Hugging Face safetensors): {@code uint64 N} (little endian), {@code N} bytes of UTF-8 JSON mapping
 * each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data buffer,
 * optionally a {@code "__metadata__"} map of strings), then the data buffer: every tensor's elements in row-major
 * order, little endian, packed without gaps or overlaps.
 *
 * <p><b>Writing</b> is DJL's ({@link NDList#encode(java.io.OutputStream, NDList.Encoding)} with
 * {@link NDList.Encoding#SAFETENSORS}); tensor names are the parameter names as {@link Block#getParameters()} gives
 * them, DJL's child-order prefixes included (for a {@link MultimodalNetwork}: {@code 01encoder-audio_01Conv2d_weight},
 * {@code 01encoder-audio_02BatchNorm_runningVar}, {@code 03head-audio_weight}, {@code 05fusion_02Linear_bias}); DJL
 * orders the header and data by its own hash order, which readers must not rely on. Files are written atomically
 * (temporary sibling, then rename).
 *
 * <p><b>Reading</b> ({@link #read}) checks everything before any value is used: the header length against the file,
 * the JSON, each entry's dtype, shape and offsets, that the entries tile the data buffer exactly, and that nothing
 * follows it. Any fault is a {@link SafetensorsFormatException} naming the file and the byte offset (of the header
 * length, of the JSON error, or of the tensor's data).
 */
public final class SafetensorsFile {

    /** Header sizes above this are refused before allocation (the reference implementation's limit). */
    public static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> DTYPE_BYTES = Map.ofEntries(Map.entry("F64", 8), Map.entry("F32", 4),
            Map.entry("F16", 2), Map.entry("BF16", 2), Map.entry("I64", 8), Map.entry("I32", 4), Map.entry("I16", 2),
            Map.entry("I8", 1), Map.entry("U8", 1), Map.entry("BOOL", 1), Map.entry("U16", 2), Map.entry("U32", 4),
            Map.entry("U64", 8));

    /**
     * One tensor's header entry.
     *
     * @param name the tensor name
     * @param dtype safetensors dtype ({@code F32}, {@code I32}, …)
     * @param shape dimensions, outermost first
     * @param begin first byte in the data buffer
     * @param end one past the last byte
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
    }

    /**
     * A verified file.
     *
     * @param file where it was read from
     * @param entries the tensors in header order
     * @param metadata the {@code __metadata__} strings (empty when absent)
     * @param bytes the whole file
     */
    public record Contents(Path file, List<Entry> entries, Map<String, String> metadata, byte[] bytes) {

        /** The tensors as arrays of {@code manager} (the caller closes them with it). */
        public NDList decode(NDManager manager) {
            return NDList.decode(manager, bytes);
        }
    }

    private SafetensorsFile() {
    }

    /** Writes every parameter of {@code block} (initialised) under its parameter name, atomically. */
    public static void write(Path file, Block block) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (!p.getValue().isInitialized()) {
                    throw new IllegalStateException("safetensors: parameter " + p.getKey() + " is not initialised");
                }
                NDArray copy = p.getValue().getArray().duplicate();
                copy.attach(m);
                copy.setName(p.getKey());
                list.add(copy);
            }
            write(file, list);
        }
    }

    /** Writes named arrays (each array's {@link NDArray#getName()} is its tensor name), atomically. */
    public static void write(Path file, NDList named) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        named.encode(out, NDList.Encoding.SAFETENSORS);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, out.toByteArray());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and verifies a file (see the class comment for what is checked). */
    public static Contents read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new SafetensorsFormatException(file, 0, "file of " + all.length + " bytes has no 8-byte header length");
        }
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 2 || n > MAX_HEADER || n > all.length - 8L) {
            throw new SafetensorsFormatException(file, 0, "header length " + Long.toUnsignedString(n) + " does not fit the file ("
                    + (all.length - 8) + " bytes follow; at most " + MAX_HEADER + ")");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(all, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            long at = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getCharOffset());
            throw new SafetensorsFormatException(file, 8 + at, "header is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (header == null || !header.isObject()) {
            throw new SafetensorsFormatException(file, 8, "header is not a JSON object");
        }
        long base = 8 + n;
        long buffer = all.length - base;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                if (!f.getValue().isObject()) {
                    throw new SafetensorsFormatException(file, 8, "__metadata__ is not an object of strings");
                }
                f.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            entries.add(entry(file, f.getKey(), f.getValue(), buffer, base));
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin));
        long expected = 0;
        for (Entry e : byOffset) {
            if (e.begin() != expected) {
                throw new SafetensorsFormatException(file, base + Math.min(e.begin(), expected), "tensor '" + e.name() + "' starts at "
                        + e.begin() + " but the previous one ends at " + expected + " (gap or overlap)");
            }
            expected = e.end();
        }
        if (expected != buffer) {
            throw new SafetensorsFormatException(file, base + expected, (buffer - expected) + " bytes after the last tensor");
        }
        return new Contents(file, entries, metadata, all);
    }

    private static Entry entry(Path file, String name, JsonNode v, long buffer, long base) throws SafetensorsFormatException {
        JsonNode dt = v.get("dtype");
        JsonNode sh = v.get("shape");
        JsonNode off = v.get("data_offsets");
        if (dt == null || !dt.isTextual() || sh == null || !sh.isArray() || off == null || !off.isArray() || off.size() != 2
                || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new SafetensorsFormatException(file, 8, "tensor '" + name + "' lacks a dtype, shape or [begin, end] data_offsets");
        }
        Integer size = DTYPE_BYTES.get(dt.asText());
        if (size == null) {
            throw new SafetensorsFormatException(file, 8, "tensor '" + name + "' has unknown dtype '" + dt.asText() + "'");
        }
        long[] shape = new long[sh.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            if (!sh.get(i).canConvertToLong() || sh.get(i).asLong() < 0) {
                throw new SafetensorsFormatException(file, 8, "tensor '" + name + "' has a bad dimension " + sh.get(i));
            }
            shape[i] = sh.get(i).asLong();
            count = Math.multiplyExact(count, shape[i]);
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (begin < 0 || end < begin || end > buffer) {
            throw new SafetensorsFormatException(file, base + Math.max(0, Math.min(begin, buffer)), "tensor '" + name
                    + "' data_offsets [" + begin + ", " + end + "] outside the " + buffer + "-byte data buffer");
        }
        if (end - begin != count * size) {
            throw new SafetensorsFormatException(file, base + begin, "tensor '" + name + "' has " + (end - begin) + " bytes, its "
                    + dt.asText() + " shape " + java.util.Arrays.toString(shape) + " needs " + count * size);
        }
        return new Entry(name, dt.asText(), shape, begin, end);
    }

    /**
     * Copies the tensors of {@code file} into the parameters of {@code block} (initialised) by name.
     *
     * @throws SafetensorsFormatException when the file is malformed, a parameter is missing from it, a tensor names no
     *     parameter or a shape differs (offset: the tensor's data)
     */
    public static void load(Path file, Block block) throws IOException {
        Contents c = read(file);
        Map<String, Entry> byName = new LinkedHashMap<>();
        c.entries().forEach(e -> byName.put(e.name(), e));
        long base = 8 + ByteBuffer.wrap(c.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            for (NDArray a : c.decode(m)) {
                arrays.put(a.getName(), a);
            }
            for (Pair<String, Parameter> p : block.getParameters()) {
                Entry e = byName.remove(p.getKey());
                if (e == null) {
                    throw new SafetensorsFormatException(file, 8, "no tensor for parameter '" + p.getKey() + "'");
                }
                NDArray target = p.getValue().getArray();
                NDArray source = arrays.get(p.getKey());
                if (!target.getShape().equals(new Shape(e.shape()))) {
                    throw new SafetensorsFormatException(file, base + e.begin(), "tensor '" + e.name() + "' has shape "
                            + new Shape(e.shape()) + ", the parameter " + target.getShape());
                }
                target.set(source.toByteBuffer());
            }
            if (!byName.isEmpty()) {
                Entry e = byName.values().iterator().next();
                throw new SafetensorsFormatException(file, base + e.begin(), "tensor '" + e.name() + "' names no parameter of the block");
            }
        }
    }
}
