package dev.bss.data.layouts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.data.Fixtures;
import dev.bss.data.io.NpyFile;
import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.MultimodalSample;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each loader on a tiny fixture written in exactly the paper's layout (method.md section 7). */
class LayoutsTest {

    @TempDir
    Path root;

    static DatasetProvider provider(String id) {
        return ServiceLoader.load(DatasetProvider.class).stream().map(ServiceLoader.Provider::get).filter(p -> p.id().equals(id))
                .findFirst().orElseThrow(() -> new AssertionError("provider " + id + " not registered"));
    }

    static Map<String, Object> opts(Path root, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("root", root.toString());
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void cremaClip(String clip, int frames) throws IOException {
        Fixtures.wav(root.resolve("AudioWAV/" + clip + ".wav"), 0.05, 8000, 300);
        for (int f = 0; f < frames; f++) {
            Fixtures.jpeg(root.resolve("Image-01-FPS/" + clip + "/frame_" + f + ".jpg"), 12, 10, f == 0 ? Color.RED : Color.BLUE);
        }
    }

    @Test
    void cremaD() throws Exception {
        Files.createDirectories(root.resolve("annotations"));
        Files.writeString(root.resolve("annotations/train.csv"), "\uFEFF1001_DFA_ANG_XX,ANG\n1002_DFA_NEU_XX,NEU\n");
        Files.writeString(root.resolve("annotations/test.csv"), "1003_DFA_HAP_XX,HAP\n");
        cremaClip("1001_DFA_ANG_XX", 2);
        cremaClip("1002_DFA_NEU_XX", 1);
        cremaClip("1003_DFA_HAP_XX", 1);
        DatasetSplits s = provider("crema-d").load(opts(root, "image-size", 8));
        assertEquals(2, s.train().size());
        assertEquals(1, s.test().size());
        assertNull(s.validation());
        assertEquals(6, s.train().numClasses());
        MultimodalSample a = s.train().get(0);
        assertEquals("1001_DFA_ANG_XX", a.id());
        assertEquals(5, a.label());
        assertArrayEquals(new int[] {1, 257, 1250}, s.train().modalities().get(0).shape());
        assertEquals(257 * 1250, a.modalities()[0].length);
        assertArrayEquals(new int[] {3, 8, 8}, s.train().modalities().get(1).shape());
        // sorted frame order: frame_0 (red) is first; ImageNet-normalised red channel inside the square is high
        float red = a.modalities()[1][4 * 8 + 4];
        float blue = a.modalities()[1][2 * 64 + 4 * 8 + 4];
        assertTrue(red > 1.5 && blue < 0, "red " + red + " blue " + blue);

        // bad inputs: unknown label, missing WAV, corrupt JPEG
        Files.writeString(root.resolve("annotations/train.csv"), "1001_DFA_ANG_XX,ANG\n1002_DFA_NEU_XX,NEU\nX1,BOR\nX2,SAD\n1003_DFA_HAP_XX,HAP\n");
        Fixtures.jpeg(root.resolve("Image-01-FPS/X2/a.jpg"), 12, 10, Color.RED);
        Fixtures.garbage(root.resolve("Image-01-FPS/1003_DFA_HAP_XX/frame_0.jpg"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> provider("crema-d").load(opts(root, "image-size", 8)));
        assertTrue(e.getMessage().contains("train.csv:3") && e.getMessage().contains("BOR"), e.getMessage());
        LayoutCheck.Report r = LayoutCheck.run("crema-d", root, Map.of("image-size", 8));
        assertFalse(r.ok());
        // X1: unknown label BOR + its missing WAV and frames; X2: missing WAV; the corrupt JPEG in train and test; test left empty
        assertEquals(7, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("X2.wav")));
        assertTrue(r.problems().stream().anyMatch(p -> p.contains("frame_0.jpg") && p.contains("unreadable")));
        assertEquals(1, r.counts().get("train").get("NEU"));
        DataFormatException empty = assertThrows(DataFormatException.class,
                () -> provider("crema-d").load(opts(root, "image-size", 8, "skip-bad", true)));
        assertTrue(empty.getMessage().contains("'test'") && empty.getMessage().contains("empty"), empty.getMessage());
        cremaClip("1003_DFA_HAP_XX", 1);
        DatasetSplits skipped = provider("crema-d").load(opts(root, "image-size", 8, "skip-bad", true));
        assertEquals(3, skipped.train().size());
        assertThrows(IllegalArgumentException.class, () -> provider("crema-d").load(opts(root, "colour", "red")));
    }

    @Test
    void kineticsSounds() throws Exception {
        Files.createDirectories(root.resolve("annotations"));
        Files.writeString(root.resolve("annotations/train.csv"), "youtube_id,time_start,label\nv1,0,\"playing drums\"\nv2,1,laughing\nv3,2,\"playing drums\"\n");
        Files.writeString(root.resolve("annotations/test.csv"), "label,youtube_id\nlaughing,v4\n");
        Files.writeString(root.resolve("annotations/weight.csv"), "w\n1\n");
        for (String v : List.of("v1", "v2", "v3", "v4")) {
            String split = v.equals("v4") ? "test" : "train";
            Fixtures.wav(root.resolve(split + "_wav/" + v + ".wav"), 0.05, 8000, 500);
            int n = v.equals("v3") ? 3 : 4; // v3 has only 3 frames: the reference needs more than 3
            for (int f = 0; f < n; f++) {
                Fixtures.jpeg(root.resolve(split + "_img/Image-01-FPS/" + v + "/" + f + ".jpg"), 8, 8, Color.GREEN);
            }
        }
        LayoutCheck.Report r = LayoutCheck.run("kinetics-sounds", root, Map.of("image-size", 4));
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).contains("v3"));
        DatasetSplits s = provider("kinetics-sounds").load(opts(root, "image-size", 4, "skip-bad", "true"));
        assertEquals(List.of("playing drums", "laughing"), s.train().classNames());
        assertEquals(2, s.train().size());
        assertEquals(1, s.test().get(0).label());
        assertArrayEquals(new int[] {3, 3, 4, 4}, s.train().modalities().get(1).shape());
        assertArrayEquals(new int[] {1, 257, 1003}, s.train().modalities().get(0).shape());
        assertEquals(3 * 3 * 16, s.train().get(0).modalities()[1].length);
        Files.delete(root.resolve("annotations/weight.csv"));
        assertEquals(1, LayoutCheck.run("kinetics-sounds", root, Map.of("image-size", 4)).warnings().size());
    }

    @Test
    void vggSound() throws Exception {
        Files.writeString(root.resolve("label_encoding.json"), "{\"dog barking\": 0, \"rain\": 1}");
        Files.writeString(root.resolve("train.csv"), "a,dog barking,Xc1\nb,rain,Xc2\n");
        Files.writeString(root.resolve("test.csv"), "c,rain,Xc3\nd,thunder,Xc4\n");
        for (String c : List.of("c1", "c2", "c3", "c4")) {
            Fixtures.wav(root.resolve("AudioWAV/" + c + ".wav"), 0.02, 16000, 900);
            for (int f = 0; f < 4; f++) {
                Fixtures.png(root.resolve("Image-01-FPS/" + c + "/" + f + ".png"), 6, 6, Color.BLACK);
            }
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> provider("vggsound").load(opts(root, "image-size", 4)));
        assertTrue(e.getMessage().contains("test.csv:2") && e.getMessage().contains("thunder"), e.getMessage());
        DatasetSplits s = provider("vggsound").load(opts(root, "image-size", 4, "skip-bad", true));
        assertEquals(2, s.train().size());
        assertEquals(1, s.test().size());
        assertEquals("c3", s.test().get(0).id());
        assertArrayEquals(new int[] {1, 257, 2006}, s.train().modalities().get(0).shape());
        Files.writeString(root.resolve("label_encoding.json"), "{\"dog barking\": 0, \"rain\": 5}");
        assertThrows(DataFormatException.class, () -> provider("vggsound").load(opts(root)));
    }

    @Test
    void twitter2015() throws Exception {
        Files.createDirectories(root.resolve("annotations"));
        String header = "index\t#1 Label\t#2 ImageID\t#3 String\t#3 String\n";
        Files.writeString(root.resolve("annotations/train.tsv"), header + "0\t2\t1.jpg\tGreat day at the #beach!\t$T$\n1\t0\t2.jpg\tTerrible, awful traffic\t$T$\n");
        Files.writeString(root.resolve("annotations/dev.tsv"), header + "0\t1\t1.jpg\tA day\t$T$\n");
        Files.writeString(root.resolve("annotations/test.tsv"), header + "0\t2\t2.jpg\tgreat beach unseenword\t$T$\n0\t7\t2.jpg\tx\t$T$\n");
        Fixtures.jpeg(root.resolve("twitter2015_images/1.jpg"), 10, 10, Color.YELLOW);
        Fixtures.jpeg(root.resolve("twitter2015_images/2.jpg"), 10, 10, Color.CYAN);
        LayoutCheck.Report r = LayoutCheck.run("twitter2015", root, Map.of("image-size", 6));
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).contains("test.tsv:3") && r.problems().get(0).contains("label"), r.problems().get(0));
        DatasetSplits s = provider("twitter2015").load(opts(root, "image-size", 6, "skip-bad", true));
        assertEquals(2, s.train().size());
        assertEquals(1, s.validation().size());
        assertEquals(ModalityKind.TOKENS, s.train().modalities().get(1).kind());
        int vocab = s.train().modalities().get(1).vocabularySize();
        assertEquals(2 + 8, vocab); // <pad> <unk> + great day at the beach terrible awful traffic
        float[] tokens = s.test().get(0).modalities()[1];
        assertEquals(20, tokens.length);
        assertTrue(tokens[0] >= 2 && tokens[1] >= 2, "known words");
        assertEquals(1f, tokens[2]); // unseenword -> <unk>: the vocabulary comes from train only
        assertEquals(0f, tokens[3]);
        assertEquals(3 * 36, s.train().get(0).modalities()[0].length);
    }

    @Test
    void sarcasm() throws Exception {
        Files.writeString(root.resolve("train_data.json"),
                "[{\"image\": \"/data/imgs/a.jpg\", \"text\": \"Oh great, another Monday!\", \"label\": 1},"
                        + " {\"image\": \"b.jpg\", \"text\": \"nice photo\", \"label\": 0}]");
        Files.writeString(root.resolve("test_data.json"), "[{\"image\": \"a.jpg\", \"text\": \"great\", \"label\": 2},"
                + " {\"image\": \"missing.jpg\", \"text\": \"x\", \"label\": 0}, {\"image\": \"b.jpg\", \"text\": \"photo\", \"label\": 0}]");
        Fixtures.jpeg(root.resolve("images/a.jpg"), 9, 9, Color.MAGENTA);
        Fixtures.jpeg(root.resolve("images/b.jpg"), 9, 9, Color.ORANGE);
        LayoutCheck.Report r = LayoutCheck.run("sarcasm", root, Map.of("image-size", 5));
        assertEquals(2, r.problems().size(), r.problems().toString());
        DatasetSplits s = provider("sarcasm").load(opts(root, "image-size", 5, "skip-bad", true));
        assertEquals(2, s.train().size());
        assertEquals(1, s.test().size());
        assertEquals(50, s.train().modalities().get(1).shape()[0]);
        Files.writeString(root.resolve("test_data.json"), "[{\"image\": ");
        DataFormatException e = assertThrows(DataFormatException.class, () -> provider("sarcasm").load(opts(root)));
        assertTrue(e.getMessage().contains("test_data.json"), e.getMessage());
    }

    @Test
    void nvGesture() throws Exception {
        String line = "path:./Video_data/class_01/subject1_r0 depth:sk_depth:1:4 color:sk_color:1:4 duo_left:duo_left:1:4 label:3";
        Files.writeString(root.resolve("nvgesture_train_correct_v2.lst"), line + "\n" + line.replace("r0", "r1") + "\n");
        Files.writeString(root.resolve("nvgesture_test_correct_v2.lst"), line.replace("label:3", "label:25") + "\n");
        Path rec = root.resolve("Video_data/class_01/subject1_r0");
        for (int f = 0; f < 5; f++) {
            Fixtures.jpeg(rec.resolve("sk_color/" + String.format("%05d", f) + ".jpg"), 8, 8, Color.RED);
            Fixtures.png(rec.resolve("sk_depth/" + String.format("%05d", f) + ".png"), 8, 8, Color.GRAY);
        }
        Files.createDirectories(root.resolve("Video_data/class_01/subject1_r1"));
        Files.writeString(root.resolve("Video_data/class_01/subject1_r1/sk_color.avi"), "not decoded");
        int h = 6;
        int t = 4;
        float[] flow = new float[h * h * 2 * t];
        for (int i = 0; i < flow.length; i++) {
            flow[i] = i;
        }
        for (String s : List.of("train/0", "train/1", "test/0")) {
            Files.createDirectories(root.resolve("flow_data/" + s).getParent());
            NpyFile.writeFloat32(root.resolve("flow_data/" + s + ".npy"), new int[] {h, h, 2, t}, flow);
        }
        LayoutCheck.Report r = LayoutCheck.run("nvgesture", root, Map.of("frames", 3, "image-size", 4, "resize", 6));
        assertEquals(2, r.problems().size(), r.problems().toString()); // the .avi colour stream and the absent depth folder
        assertTrue(r.problems().get(0).contains("not supported; extract its frames first"), r.problems().get(0));
        DatasetSplits s = provider("nvgesture").load(opts(root, "frames", 3, "image-size", 4, "resize", 6, "skip-bad", true));
        assertEquals(1, s.train().size());
        assertEquals(2, s.train().get(0).label());
        assertEquals(24, s.test().get(0).label());
        assertArrayEquals(new int[] {3, 3, 4, 4}, s.train().modalities().get(0).shape());
        assertArrayEquals(new int[] {1, 3, 4, 4}, s.train().modalities().get(1).shape());
        assertArrayEquals(new int[] {2, 3, 4, 4}, s.train().modalities().get(2).shape());
        float[] of = s.train().get(0).modalities()[2];
        // flow[k=1][t=2][y=0][x=0] = npy[(y+1, x+1, 1, 2)] (centre crop offset 1)
        assertEquals(((1 * h + 1) * 2 + 1) * t + 2, of[((1 * 3 + 2) * 4 + 0) * 4 + 0], 0);
        float[] rgbFirst = s.train().get(0).modalities()[0];
        DatasetSplits bgr = provider("nvgesture").load(opts(root, "frames", 3, "image-size", 4, "resize", 6, "skip-bad", true,
                "channel-order", "bgr"));
        float[] bgrFirst = bgr.train().get(0).modalities()[0];
        assertTrue(rgbFirst[0] > bgrFirst[0], "red leads in RGB, blue in BGR");
        Files.writeString(root.resolve("nvgesture_test_correct_v2.lst"), line.replace("label:3", "label:26") + "\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> provider("nvgesture").load(opts(root, "frames", 3, "image-size", 4, "resize", 6, "skip-bad", true)));
        assertTrue(e.getMessage().contains("'test'"), e.getMessage());
    }
}
