package dev.bss.data.layouts;

import dev.bss.data.DataFormatException;
import dev.bss.data.ProviderOptions;
import dev.bss.data.image.ImageLoader;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shared decoding of the audio-visual layouts (CREMA-D, Kinetics-Sounds, VGGSound): {@code audio} is
 * the reference log-STFT of the WAV ({@code {1, 257, T}}), {@code visual} the selected frames resized to
 * {@code image-size} squared (the reference's test-time {@code Resize}) and ImageNet-normalised, shaped
 * {@code {3, H, W}} for one frame or {@code {3, F, H, W}} (channels, frames, height, width, as the
 * reference's visual tensor) for several. Training-time augmentation (random resized crop, flip) is the
 * training loop's business, not the loader's. Options: {@code image-size}, {@code frame-order}
 * ({@code sorted} | {@code listing}), {@code pad-mode} ({@code reflect} | {@code constant}), {@code fps}.
 */
abstract class AudioVisualLayout extends PaperLayout {

    abstract int sampleRate();

    /** Copies of the signal (0: as many as needed). */
    abstract int tileTimes();

    abstract int audioLength();

    abstract int framesPerSample();

    abstract int defaultImageSize();

    /** Frame folders must hold more than this many files (reference: KS and VGGSound 3, CREMA-D 0). */
    abstract int minFramesExclusive();

    @Override
    protected Set<String> layoutOptions() {
        return Set.of("image-size", "frame-order", "pad-mode", "fps");
    }

    List<ModalitySpec> modalities(ProviderOptions o) {
        int s = positive(o, "image-size", defaultImageSize(), id());
        int f = framesPerSample();
        int[] vshape = f == 1 ? new int[] {3, s, s} : new int[] {3, f, s, s};
        return List.of(new ModalitySpec("audio", ModalityKind.AUDIO, paperSpectrogramShape(sampleRate(), audioLength(), padMode(o, id())), 0),
                new ModalitySpec("visual", ModalityKind.IMAGE, vshape, 0));
    }

    /** {@code Image-NN-FPS}, NN the fps with two digits. */
    static String frameFolder(ProviderOptions o) {
        return String.format("Image-%02d-FPS", o.integer("fps", 1));
    }

    /**
     * Checks a sample's WAV and frame folder, reporting problems; returns the selected frames or
     * {@code null} when the sample must be left out.
     */
    List<Path> check(Path wav, Path frames, String where, ProviderOptions o, Problems p) throws IOException {
        boolean ok = true;
        if (!Files.isRegularFile(wav)) {
            p.add(where + ": missing audio file " + wav);
            ok = false;
        }
        if (!Files.isDirectory(frames)) {
            p.add(where + ": missing frame folder " + frames);
            return null;
        }
        List<Path> files = frameFiles(frames, listingOrder(o, id()));
        if (files.size() <= minFramesExclusive() || files.size() < framesPerSample()) {
            p.add(where + ": frame folder " + frames + " holds " + files.size() + " file(s), needs more than "
                    + Math.max(minFramesExclusive(), framesPerSample() - 1));
            return null;
        }
        return ok ? files.subList(0, framesPerSample()) : null;
    }

    @Override
    public float[][] decode(LayoutEntry e, Index ix, ProviderOptions o) {
        float[] audio = paperSpectrogram(e.files().get("audio"), sampleRate(), tileTimes(), audioLength(), padMode(o, id()));
        int s = positive(o, "image-size", defaultImageSize(), id());
        int f = e.frames().size();
        float[] visual = new float[3 * f * s * s];
        for (int t = 0; t < f; t++) {
            BufferedImage img = ImageLoader.resize(ImageLoader.read(e.frames().get(t)), s, s, false);
            float[] chw = ImageLoader.rgb(img, false, ImageLoader.IMAGENET);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(chw, c * s * s, visual, (c * f + t) * s * s, s * s);
            }
        }
        return new float[][] {audio, visual};
    }

    /** Parses a label through {@code map}, reporting an unknown one. */
    static Integer label(Map<String, Integer> map, String value, String where, Problems p) {
        Integer l = map.get(value);
        if (l == null) {
            p.add(where + ": unknown label '" + value + "' (known: " + map.keySet() + ")");
        }
        return l;
    }

    static void need(List<String> fields, int n, Path file, int line) {
        if (fields.size() < n) {
            throw new DataFormatException(file, line, "expected at least " + n + " fields, found " + fields.size());
        }
    }
}
