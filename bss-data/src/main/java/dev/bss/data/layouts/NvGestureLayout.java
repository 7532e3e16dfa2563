package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.image.ImageLoader;
import dev.bss.data.io.NpyFile;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NVGesture: {@code nvgesture_train_correct_v2.lst} / {@code nvgesture_test_correct_v2.lst}, one sample a
 * line: {@code path:./Video_data/<class>/<rec>}, {@code depth:<folder>:<start>:<end>},
 * {@code color:<folder>:<start>:<end>}, {@code duo_left:...}, {@code label:<1..25>} (stored minus 1).
 * Video must be pre-extracted: frames of {@code <path>/<folder>.avi} as image files in {@code <path>/<folder>/}
 * (sorted by name, position k = video frame k); {@code .avi} decoding is not supported. Frames
 * {@code start .. start + frames - 1} are resized to {@code resize} (256) and centre-cropped to
 * {@code image-size} (224), the test-time transform. Modalities, each {C, T, H, W}: {@code rgb} (ImageNet
 * normalised; {@code channel-order=bgr} reproduces the reference's OpenCV BGR quirk), {@code depth} (gray / 255)
 * and {@code flow} from {@code flow_data/<train|test>/<line index>.npy} (H x W x 2 x T floats, centre-cropped,
 * first {@code frames} steps, zero-padded).
 */
public final class NvGestureLayout extends PaperLayout {

    @Override
    public String id() {
        return "nvgesture";
    }

    @Override
    public String description() {
        return "NVGesture layout (RGB + depth + optical flow, 25 gestures; pre-extracted frames); option root";
    }

    @Override
    protected Set<String> layoutOptions() {
        return Set.of("frames", "image-size", "resize", "channel-order");
    }

    private int frames(ProviderOptions o) {
        return positive(o, "frames", 80, id());
    }

    private int crop(ProviderOptions o) {
        return positive(o, "image-size", 224, id());
    }

    private int resize(ProviderOptions o) {
        int r = positive(o, "resize", 256, id());
        if (r < crop(o)) {
            throw new IllegalArgumentException("dataset 'nvgesture': resize " + r + " is smaller than image-size " + crop(o));
        }
        return r;
    }

    private boolean bgr(ProviderOptions o) {
        String v = o.string("channel-order", "rgb");
        if (!v.equals("rgb") && !v.equals("bgr")) {
            throw new IllegalArgumentException("dataset 'nvgesture': channel-order must be rgb or bgr, got '" + v + "'");
        }
        return v.equals("bgr");
    }

    @Override
    public Index index(Path root, ProviderOptions o, Problems p) throws IOException {
        List<String> classes = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            classes.add("gesture-" + i);
        }
        int f = frames(o);
        Map<String, List<LayoutEntry>> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path lst = root.resolve("nvgesture_" + split + "_correct_v2.lst");
            List<LayoutEntry> entries = new ArrayList<>();
            int lineIndex = 0;
            for (Csv.Row r : Csv.read(lst, '\n', false)) {
                String where = lst + ":" + r.line();
                int idx = lineIndex++;
                Map<String, String[]> tok = new HashMap<>();
                for (String t : r.fields().get(0).strip().split("\\s+")) {
                    String[] parts = t.split(":");
                    tok.put(parts[0], parts);
                }
                if (!tok.containsKey("path") || !tok.containsKey("color") || !tok.containsKey("depth") || !tok.containsKey("label")) {
                    p.add(where + ": needs path:, depth:, color: and label: tokens");
                    continue;
                }
                int label;
                try {
                    label = Integer.parseInt(tok.get("label")[1]) - 1;
                } catch (RuntimeException e) {
                    p.add(where + ": field 'label' is not an integer");
                    continue;
                }
                if (label < 0 || label >= 25) {
                    p.add(where + ": field 'label': " + (label + 1) + " is outside [1, 25]");
                    continue;
                }
                Path dir = root.resolve(tok.get("path")[1]).normalize();
                List<Path> rgb = frames(dir, tok.get("color"), f, where, p);
                List<Path> depth = frames(dir, tok.get("depth"), f, where, p);
                Path flow = root.resolve("flow_data").resolve(split).resolve(idx + ".npy");
                if (!Files.isRegularFile(flow)) {
                    p.add(where + ": missing optical-flow file " + flow);
                    continue;
                }
                if (rgb == null || depth == null) {
                    continue;
                }
                List<Path> both = new ArrayList<>(rgb);
                both.addAll(depth);
                entries.add(new LayoutEntry(split, split + "-" + idx, label, lst, r.line(), Map.of("flow", flow), both, null,
                        Map.of("recording", tok.get("path")[1])));
            }
            splits.put(split, entries);
        }
        int c = crop(o);
        return new Index(classes, List.of(new ModalitySpec("rgb", ModalityKind.IMAGE, new int[] {3, f, c, c}, 0),
                new ModalitySpec("depth", ModalityKind.IMAGE, new int[] {1, f, c, c}, 0),
                new ModalitySpec("flow", ModalityKind.IMAGE, new int[] {2, f, c, c}, 0)), splits, null);
    }

    private static List<Path> frames(Path dir, String[] sensor, int count, String where, Problems p) throws IOException {
        if (sensor.length < 4) {
            p.add(where + ": sensor token '" + String.join(":", sensor) + "' needs <sensor>:<folder>:<start>:<end>");
            return null;
        }
        int start;
        try {
            start = Integer.parseInt(sensor[2]);
        } catch (NumberFormatException e) {
            p.add(where + ": start frame '" + sensor[2] + "' is not an integer");
            return null;
        }
        Path folder = dir.resolve(sensor[1]);
        if (!Files.isDirectory(folder)) {
            Path avi = dir.resolve(sensor[1] + ".avi");
            p.add(where + ": " + (Files.isRegularFile(avi)
                    ? "decoding " + avi + " is not supported; extract its frames first into " + folder + "/ (e.g. ffmpeg -i "
                            + avi + " " + folder + "/%05d.jpg)"
                    : "missing frame folder " + folder));
            return null;
        }
        List<Path> files = frameFiles(folder, false);
        if (start < 0 || start + count > files.size()) {
            p.add(where + ": frames " + start + ".." + (start + count - 1) + " requested, " + folder + " holds " + files.size());
            return null;
        }
        return files.subList(start, start + count);
    }

    @Override
    public float[][] decode(LayoutEntry e, Index ix, ProviderOptions o) {
        int f = frames(o);
        int c = crop(o);
        int r = resize(o);
        boolean bgr = bgr(o);
        float[] rgb = new float[3 * f * c * c];
        float[] depth = new float[f * c * c];
        for (int t = 0; t < f; t++) {
            BufferedImage im = ImageLoader.centreCrop(ImageLoader.resize(ImageLoader.read(e.frames().get(t)), r, r, false), c);
            float[] chw = ImageLoader.rgb(im, bgr, ImageLoader.IMAGENET);
            for (int k = 0; k < 3; k++) {
                System.arraycopy(chw, k * c * c, rgb, (k * f + t) * c * c, c * c);
            }
            BufferedImage dm = ImageLoader.centreCrop(ImageLoader.resize(ImageLoader.read(e.frames().get(f + t)), r, r, false), c);
            System.arraycopy(ImageLoader.gray(dm), 0, depth, t * c * c, c * c);
        }
        Path flowFile = e.files().get("flow");
        NpyFile.Array a;
        try {
            a = NpyFile.read(flowFile);
        } catch (IOException ex) {
            throw new DataFormatException(flowFile, "unreadable NPY (" + ex.getMessage() + ")", ex);
        }
        int[] s = a.shape();
        if (s.length != 4 || s[2] != 2 || s[0] < c || s[1] < c) {
            throw new DataFormatException(flowFile, "optical flow shape " + java.util.Arrays.toString(s)
                    + " is not H x W x 2 x T with H, W >= " + c);
        }
        int h = s[0];
        int w = s[1];
        int tt = s[3];
        int y0 = (h - c) / 2;
        int x0 = (w - c) / 2;
        float[] flow = new float[2 * f * c * c];
        for (int k = 0; k < 2; k++) {
            for (int t = 0; t < Math.min(f, tt); t++) {
                for (int y = 0; y < c; y++) {
                    for (int x = 0; x < c; x++) {
                        flow[((k * f + t) * c + y) * c + x] = a.data()[(((y + y0) * w + (x + x0)) * 2 + k) * tt + t];
                    }
                }
            }
        }
        return new float[][] {rgb, depth, flow};
    }
}
