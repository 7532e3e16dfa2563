package dev.bss.data.emoji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bss.data.DataFormatException;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.MultimodalDataset;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emoji builder on a generated miniature of emoji-datasource (4 x 4 sheet) and emojilib. */
class EmojiBuilderTest {

    @TempDir
    Path tmp;

    Path ds;
    Path lib;
    static final String[] CATS = {"Animals & Nature", "Food & Drink", "Flags"};

    @BeforeEach
    void packages() throws Exception {
        ds = tmp.resolve("ds");
        lib = tmp.resolve("lib");
        Files.createDirectories(ds.resolve("package/img/google/sheets"));
        Files.createDirectories(lib.resolve("package/dist"));
        BufferedImage sheet = new BufferedImage(4 * 34, 4 * 34, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = sheet.createGraphics();
        StringBuilder json = new StringBuilder("[");
        StringBuilder kw = new StringBuilder("{");
        for (int i = 0; i < 15; i++) {
            int x = i % 4;
            int y = i / 4;
            String cat = i == 14 ? "Component" : CATS[i % 3];
            g.setColor(new Color(i * 17, 255 - i * 17, (i % 3) * 120));
            g.fillRect(x * 34 + 1, y * 34 + 1, 32, 32);
            String unified = String.format("1F%03X", 0x300 + i);
            String skin = i == 0 ? ", \"skin_variations\": {\"1F3FB\": {\"unified\": \"1F300-1F3FB\", \"sheet_x\": 3, \"sheet_y\": 3, \"has_img_google\": true}}" : "";
            json.append(i > 0 ? "," : "").append("{\"name\": \"THING ").append(i).append("\", \"unified\": \"").append(unified)
                    .append("\", \"short_names\": [\"thing_").append(i).append("\"], \"category\": \"").append(cat)
                    .append("\", \"subcategory\": \"s\", \"sheet_x\": ").append(x).append(", \"sheet_y\": ").append(y)
                    .append(", \"has_img_google\": true").append(skin).append("}");
            kw.append(i > 0 ? "," : "").append("\"").appendCodePoint(Integer.parseInt(unified, 16)).append("\": [\"kw_").append(cat.split(" ")[0].toLowerCase())
                    .append("\"]");
        }
        g.dispose();
        ImageIO.write(sheet, "png", ds.resolve("package/img/google/sheets/32.png").toFile());
        Files.writeString(ds.resolve("package/emoji.json"), json.append("]").toString());
        Files.writeString(lib.resolve("package/dist/emoji-en-US.json"), kw.append("}").toString());
    }

    EmojiBuilder.Builder builder(Path out) {
        return EmojiBuilder.builder().optOutput(out).optPackages(ds, lib).optFractions(0.25, 0.25);
    }

    @Test
    void buildsStratifiedSplitsWithTrainOnlyVocabulary() throws Exception {
        Path out = tmp.resolve("out");
        EmojiBuilder.Result r = builder(out).optSkinTones(true).build().prepare();
        assertFalse(r.reused());
        assertEquals(15, r.counts().values().stream().mapToInt(Integer::intValue).sum()); // 14 emoji + 1 skin variant
        DatasetSplits s = new EmojiProvider().load(Map.of("root", out.toString()));
        assertEquals(List.of("Animals & Nature", "Flags", "Food & Drink"), s.train().classNames());
        assertEquals(ModalityKind.TOKENS, s.train().modalities().get(1).kind());
        for (MultimodalDataset d : List.of(s.train(), s.validation(), s.test())) {
            Set<Integer> labels = new HashSet<>();
            for (int i = 0; i < d.size(); i++) {
                labels.add(d.get(i).label());
            }
            assertEquals(3, labels.size(), "every split holds every category");
        }
        // the skin-tone variant sits in the split of its emoji 1F300
        Map<String, String> splitOf = new HashMap<>();
        for (var e : Map.of("train", s.train(), "validation", s.validation(), "test", s.test()).entrySet()) {
            for (int i = 0; i < e.getValue().size(); i++) {
                splitOf.put(e.getValue().get(i).id(), e.getKey());
            }
        }
        assertEquals(splitOf.get("1F300"), splitOf.get("1F300-1F3FB"));
        // the image is the cell's colour; thing_N's number only occurs in its own text, so a test emoji's number is unknown
        MultimodalDataset test = s.test();
        var x = test.get(0);
        int n = Integer.parseInt(x.metadata().get("name").split(" ")[1]);
        assertEquals((n * 17) / 255f, x.modalities()[0][16 * 32 + 16], 1e-6);
        float[] tokens = x.modalities()[1];
        assertEquals(1f, tokens[1], "the emoji's number is not in the training vocabulary");
        assertTrue(tokens[0] >= 2, "'thing' is known");
        assertTrue(builder(out).optSkinTones(true).build().prepare().reused());
    }

    @Test
    void badInput() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> EmojiBuilder.builder().optVendor("apple").build());
        Files.writeString(ds.resolve("package/emoji.json"), "[{\"name\": \"X\", \"unified\": \"1F300\", \"category\": \"Flags\", "
                + "\"sheet_x\": 9, \"sheet_y\": 0, \"has_img_google\": true}]");
        DataFormatException e = assertThrows(DataFormatException.class, () -> builder(tmp.resolve("o")).build().prepare());
        assertTrue(e.getMessage().contains("32.png") && e.getMessage().contains("outside"), e.getMessage());
        Files.writeString(ds.resolve("package/emoji.json"), "[{\"name\": ");
        e = assertThrows(DataFormatException.class, () -> builder(tmp.resolve("o")).build().prepare());
        assertTrue(e.getMessage().contains("emoji.json"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o")));
    }
}
