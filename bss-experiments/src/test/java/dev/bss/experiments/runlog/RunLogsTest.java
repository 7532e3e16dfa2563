package dev.bss.experiments.runlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bss.experiments.engine.EngineBackend;
import dev.bss.experiments.run.EpochRecord;
import dev.bss.experiments.run.MetricsCsv;
import dev.bss.experiments.run.TrainingRun;
import dev.bss.experiments.spec.RunSpecLoader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real tiny run writes a TensorBoard event file and {@code metrics.jsonl}; the event file is read back by an
 * independent parser (TFRecord framing, masked CRC-32C and protobuf decoding written here from the format
 * descriptions, sharing no code with {@link EventFileWriter}) and its values equal {@code metrics.csv}'s.
 */
class RunLogsTest {

    @TempDir
    Path tmp;

    static final List<String> TINY = List.of("dataset=synthetic", "dataset-options={train-size: 48, val-size: 16, test-size: 16,"
            + " classes: 3, audio-shape: 1x8x12, image-shape: 1x8x8}", "batch-size=16", "epochs=2");

    private static Path run(Path dir, boolean resume, String... more) throws Exception {
        List<String> ov = new ArrayList<>(TINY);
        ov.addAll(List.of(more));
        TrainingRun.builder().setSpec(RunSpecLoader.load(null, ov)).setDirectory(dir).setBackend(new EngineBackend())
                .optResume(resume).build().run();
        return dir;
    }

    private static List<Path> eventFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
    }

    /** One scalar as the independent parser sees it. */
    record Sc(long step, String tag, float value) {
    }

    /** Independent reader: TFRecord records, masked CRC-32C checked, Event/Summary/Value decoded by hand. */
    static List<Sc> parse(byte[] all, List<String> versions) {
        List<Sc> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos < all.length) {
            long len = b.getLong(pos);
            assertEquals(mask(crc(all, pos, 8)), b.getInt(pos + 8), "length CRC at " + pos);
            int d = pos + 12;
            assertEquals(mask(crc(all, d, (int) len)), b.getInt(d + (int) len), "data CRC at " + pos);
            long[] step = {0};
            List<Object[]> vals = new ArrayList<>();
            fields(all, d, d + (int) len, (f, wire, from, to, num) -> {
                if (f == 2) {
                    step[0] = num;
                } else if (f == 3) {
                    versions.add(new String(all, from, to - from, StandardCharsets.UTF_8));
                } else if (f == 5) {
                    fields(all, from, to, (vf, vw, vfrom, vto, vnum) -> {
                        Object[] v = new Object[2];
                        fields(all, vfrom, vto, (xf, xw, xfrom, xto, xnum) -> {
                            if (xf == 1) {
                                v[0] = new String(all, xfrom, xto - xfrom, StandardCharsets.UTF_8);
                            } else if (xf == 2) {
                                v[1] = Float.intBitsToFloat((int) xnum);
                            }
                        });
                        vals.add(v);
                    });
                }
            });
            for (Object[] v : vals) {
                out.add(new Sc(step[0], (String) v[0], (Float) v[1]));
            }
            pos = d + (int) len + 4;
        }
        return out;
    }

    interface Field {
        void on(int field, int wire, int from, int to, long number);
    }

    private static void fields(byte[] a, int from, int to, Field f) {
        int[] p = {from};
        while (p[0] < to) {
            long key = varint(a, p);
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (wire) {
                case 0 -> f.on(field, wire, 0, 0, varint(a, p));
                case 1 -> {
                    f.on(field, wire, 0, 0, ByteBuffer.wrap(a, p[0], 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
                    p[0] += 8;
                }
                case 5 -> {
                    f.on(field, wire, 0, 0, ByteBuffer.wrap(a, p[0], 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL);
                    p[0] += 4;
                }
                case 2 -> {
                    int n = (int) varint(a, p);
                    f.on(field, wire, p[0], p[0] + n, 0);
                    p[0] += n;
                }
                default -> throw new AssertionError("wire type " + wire);
            }
        }
    }

    private static long varint(byte[] a, int[] p) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = a[p[0]++];
            v |= (long) (x & 0x7f) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static int crc(byte[] a, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(a, off, len);
        return (int) c.getValue();
    }

    private static int mask(int c) {
        return Integer.rotateRight(c, 15) + 0xa282ead8;
    }

    @Test
    void everyEpochMetricBatchLossAndSequenceStatisticReachTheEventFileAndJsonl() throws Exception {
        Path dir = run(tmp.resolve("bss-h"), false, "method=bss-h");
        List<Path> files = eventFiles(dir);
        assertEquals(1, files.size(), files.toString());
        List<String> versions = new ArrayList<>();
        List<Sc> all = parse(Files.readAllBytes(files.get(0)), versions);
        assertEquals(List.of("brain.Event:2"), versions);

        MetricsCsv.Table t = MetricsCsv.read(dir.resolve("metrics.csv"));
        for (EpochRecord r : t.rows()) {
            Map<String, Double> expected = new java.util.LinkedHashMap<>();
            expected.put("train/loss", r.trainLoss());
            expected.put("train/lr", r.lr());
            for (String s : List.of("val", "test")) {
                for (String m : List.of("acc", "map", "macro_f1", "loss", "acc_audio", "acc_image")) {
                    expected.put(s + "/" + m, r.get(s, m));
                }
            }
            for (Map.Entry<String, Double> e : expected.entrySet()) {
                List<Sc> got = all.stream().filter(x -> x.tag().equals(e.getKey()) && x.step() == r.epoch()).toList();
                assertEquals(1, got.size(), e.getKey() + " at epoch " + r.epoch());
                assertEquals(e.getValue().floatValue(), got.get(0).value(), e.getKey());
            }
        }
        List<Sc> batches = all.stream().filter(x -> x.tag().equals("train/batch_loss")).toList();
        List<Sc> subset = all.stream().filter(x -> x.tag().equals("bss/subset_size")).toList();
        assertEquals(2, subset.size());
        assertEquals(2, all.stream().filter(x -> x.tag().equals("bss/sampling_entropy")).count());
        assertTrue(subset.get(0).value() >= 16 && subset.get(0).value() <= 48, subset.toString());

        // metrics.jsonl: one line per batch (steps 1..B, losses equal the event file's) and one per epoch
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(RunLogs.JSONL))) {
            lines.add(json.readTree(l));
        }
        List<JsonNode> jb = lines.stream().filter(n -> n.get("kind").asText().equals("batch")).toList();
        List<JsonNode> je = lines.stream().filter(n -> n.get("kind").asText().equals("epoch")).toList();
        assertEquals(batches.size(), jb.size());
        assertEquals(2, je.size());
        for (int i = 0; i < jb.size(); i++) {
            assertEquals(i + 1, jb.get(i).get("step").asLong());
            assertEquals(i + 1, batches.get(i).step());
            assertEquals((float) jb.get(i).get("loss").asDouble(), batches.get(i).value());
        }
        assertEquals(t.rows().get(1).get("test", "acc"), je.get(1).get("test_acc").asDouble());
        assertEquals(subset.get(1).value(), (float) je.get(1).get("subset_size").asInt());
        long trained = t.rows().stream().mapToLong(EpochRecord::trainSamples).sum();
        assertTrue(trained <= subset.get(0).value() + subset.get(1).value(), "drop-last never trains more than the subset");

        // the portable weights and test logits sit beside the checkpoint
        assertTrue(Files.size(dir.resolve("checkpoints").resolve("model.safetensors")) > 1000);
        assertTrue(Files.exists(dir.resolve("checkpoints").resolve("test-logits.safetensors")));

        // our own reader agrees with the independent one
        EventFileReader.Contents c = EventFileReader.read(files.get(0));
        assertEquals(all.size(), c.scalars().size());
        assertEquals(subset.get(1).value(), c.tag("bss/subset_size").get(1).value());
    }

    @Test
    void resumeDropsRetrainedEpochsFromJsonlAndContinuesTheStepInANewEventFile() throws Exception {
        Path dir = run(tmp.resolve("resume"), false, "method=vanilla-uni", "epochs=1");
        Files.delete(dir.resolve("final.json"));
        run(dir, true, "method=vanilla-uni", "epochs=2");
        assertEquals(2, eventFiles(dir).size());
        ObjectMapper json = new ObjectMapper();
        List<Long> steps = new ArrayList<>();
        List<Integer> epochs = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve(RunLogs.JSONL))) {
            JsonNode n = json.readTree(l);
            if (n.get("kind").asText().equals("batch")) {
                steps.add(n.get("step").asLong());
            } else {
                epochs.add(n.get("epoch").asInt());
            }
        }
        assertEquals(List.of(1, 2), epochs);
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i), "steps continue across the resume: " + steps);
        }
    }

    @Test
    void corruptOrTruncatedEventFilesNameTheFileAndByteOffset() throws Exception {
        Path f;
        try (EventFileWriter w = EventFileWriter.create(tmp, "host")) {
            w.scalar("a", 1, 0.5);
            w.scalar("b", 2, 1.5);
            f = w.file();
        }
        byte[] good = Files.readAllBytes(f);
        List<String> versions = new ArrayList<>();
        assertEquals(List.of(new Sc(1, "a", 0.5f), new Sc(2, "b", 1.5f)), parse(good, versions));
        int first = 12 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(0) + 4;
        int second = first + 12 + (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(first) + 4;

        byte[] flipped = good.clone();
        flipped[second - 6] ^= 0x40; // inside the second record's data
        Files.write(f, flipped);
        EventFileFormatException e = assertThrows(EventFileFormatException.class, () -> EventFileReader.read(f));
        assertEquals(first, e.offset());
        assertTrue(e.getMessage().startsWith(f + " at byte " + first + ": data CRC mismatch"), e.getMessage());

        Files.write(f, Arrays.copyOf(good, good.length - 3));
        e = assertThrows(EventFileFormatException.class, () -> EventFileReader.read(f));
        assertEquals(second, e.offset());
        assertTrue(e.getMessage().contains("runs past the end"), e.getMessage());

        byte[] badLength = good.clone();
        badLength[first] ^= 1;
        Files.write(f, badLength);
        e = assertThrows(EventFileFormatException.class, () -> EventFileReader.read(f));
        assertTrue(e.getMessage().contains("length CRC mismatch") && e.offset() == first, e.getMessage());

        // CRCs right, payload not an Event (a length-delimited field running past its record)
        ByteArrayOutputStream junk = new ByteArrayOutputStream();
        byte[] data = {0x2a, 0x7f};
        ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length);
        h.putInt(mask(crc(h.array(), 0, 8)));
        junk.write(h.array());
        junk.write(data);
        junk.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(mask(crc(data, 0, data.length))).array());
        Files.write(f, junk.toByteArray());
        e = assertThrows(EventFileFormatException.class, () -> EventFileReader.read(f));
        assertTrue(e.getMessage().contains("not a tensorflow.Event") && e.offset() == 0, e.getMessage());
    }
}
