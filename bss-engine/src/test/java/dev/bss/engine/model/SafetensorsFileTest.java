package dev.bss.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SafetensorsFile}: a two-tower network's weights round-trip by block name; bad files name file and byte. */
class SafetensorsFileTest {

    @TempDir
    Path tmp;

    static final List<ModalitySpec> SPECS = List.of(ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 8, 10),
            ModalitySpec.of("image", ModalityKind.IMAGE, 1, 8, 8));

    static MultimodalNetwork network(NDManager m, long seed) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        MultimodalNetwork net = ModelConfig.builder().build().newNetwork(SPECS, 3);
        net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 10), new Shape(2, 1, 8, 8));
        return net;
    }

    @Test
    void weightsRoundTripUnderTheBlocksParameterNamesIntoAFreshNetwork() throws Exception {
        Path f = tmp.resolve("model.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            MultimodalNetwork a = network(m, 1);
            SafetensorsFile.write(f, a);
            SafetensorsFile.Contents c = SafetensorsFile.read(f);
            List<String> names = a.getParameters().keys();
            assertEquals(new java.util.HashSet<>(names), c.entries().stream().map(SafetensorsFile.Entry::name).collect(java.util.stream.Collectors.toSet()));
            assertTrue(names.contains("03head-audio_weight") && names.stream().anyMatch(n -> n.endsWith("runningVar")), names.toString());
            assertTrue(c.entries().stream().allMatch(e -> e.dtype().equals("F32")));

            MultimodalNetwork b = network(m, 2);
            Parameter first = b.getParameters().get(0).getValue();
            assertTrue(!Arrays.equals(first.getArray().toFloatArray(), a.getParameters().get(0).getValue().getArray().toFloatArray()));
            SafetensorsFile.load(f, b);
            for (Pair<String, Parameter> p : a.getParameters()) {
                assertArrayEquals(p.getValue().getArray().toFloatArray(), b.getParameters().get(p.getKey()).getArray().toFloatArray(),
                        p.getKey());
            }
        }
    }

    private static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return b.array();
    }

    private SafetensorsFormatException bad(byte[] bytes) throws Exception {
        Path f = tmp.resolve("bad.safetensors");
        Files.write(f, bytes);
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.read(f));
        assertTrue(e.getMessage().startsWith(f + " at byte " + e.offset() + ": "), e.getMessage());
        return e;
    }

    @Test
    void corruptHeadersGiveTypedErrorsWithTheByteOffset() throws Exception {
        String ok = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        byte[] eight = new byte[8];
        assertEquals(1, SafetensorsFile.read(Files.write(tmp.resolve("ok"), file(ok, eight))).entries().size());

        assertEquals(0, bad(new byte[5]).offset());
        byte[] huge = file(ok, eight);
        huge[6] = 1; // header length ~2^48
        assertTrue(bad(huge).getMessage().contains("does not fit the file"));
        SafetensorsFormatException json = bad(file("{\"w\":{\"dtype\" \"F32\"}}", eight));
        assertEquals(8 + 14, json.offset(), json.getMessage()); // the quote where the colon belongs
        assertTrue(bad(file(ok.replace("F32", "F31"), eight)).getMessage().contains("unknown dtype 'F31'"));
        SafetensorsFormatException size = bad(file(ok.replace("[2]", "[3]"), eight));
        assertTrue(size.getMessage().contains("needs 12"), size.getMessage());
        long base = 8 + ok.length();
        SafetensorsFormatException past = bad(file(ok.replace("[0,8]", "[0,16]"), eight));
        assertTrue(past.getMessage().contains("outside the 8-byte data buffer"), past.getMessage());
        SafetensorsFormatException trailing = bad(file(ok, new byte[12]));
        assertEquals(base + 8, trailing.offset());
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertTrue(bad(file(gap, new byte[12])).getMessage().contains("gap or overlap"));
    }

    @Test
    void aUserEncoderFactoryObjectBuildsThatModalitysEncoder() {
        try (NDManager m = NDManager.newBaseManager()) {
            MultimodalNetwork net = ModelConfig.builder().optEncoder("image", (spec, size) -> new ai.djl.nn.SequentialBlock()
                    .add(ai.djl.nn.Blocks.batchFlattenBlock()).add(ai.djl.nn.core.Linear.builder().setUnits(size).build()))
                    .optEmbeddingSize("image", 5).build().newNetwork(SPECS, 3);
            net.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 10), new Shape(2, 1, 8, 8));
            assertEquals(new Shape(5, 64), net.getParameters().get("02encoder-image_02Linear_weight").getArray().getShape());
            assertEquals(new Shape(2, 5), net.getOutputShapes(new Shape[] {new Shape(2, 1, 8, 10), new Shape(2, 1, 8, 8)})[4]);
        }
    }

    @Test
    void loadingIntoABlockOfAnotherShapeNamesTheTensor() throws Exception {
        Path f = tmp.resolve("m.safetensors");
        try (NDManager m = NDManager.newBaseManager()) {
            SafetensorsFile.write(f, network(m, 1));
            MultimodalNetwork other = ModelConfig.builder().build().newNetwork(SPECS, 4); // 4 classes: heads differ
            other.initialize(m, DataType.FLOAT32, new Shape(2, 1, 8, 10), new Shape(2, 1, 8, 8));
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> SafetensorsFile.load(f, other));
            assertTrue(e.getMessage().contains("head-audio_weight") && e.getMessage().contains("shape"), e.getMessage());
        }
    }
}
