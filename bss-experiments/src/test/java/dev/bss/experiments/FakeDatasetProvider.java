package dev.bss.experiments;

import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalityKind;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.util.List;
import java.util.Map;

/** Test-only dataset {@code fake}: 40 tiny samples (audio 1×8×6, image 1×6×6) with corruption metadata. */
public final class FakeDatasetProvider implements DatasetProvider {

    public static final int TRAIN = 40;

    @Override
    public String id() {
        return "fake";
    }

    @Override
    public String description() {
        return "test-only fake dataset";
    }

    @Override
    public DatasetSplits load(Map<String, Object> options) {
        return new DatasetSplits("fake", split("train", TRAIN), null, split("test", 10));
    }

    static MultimodalDataset split(String name, int n) {
        List<ModalitySpec> mods = List.of(ModalitySpec.of("audio", ModalityKind.AUDIO, 1, 8, 6), ModalitySpec.of("image", ModalityKind.IMAGE, 1, 6, 6));
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return mods;
            }

            @Override
            public List<String> classNames() {
                return List.of("a", "b");
            }

            @Override
            public int size() {
                return n;
            }

            @Override
            public MultimodalSample get(int i) {
                float[] a = new float[48];
                float[] b = new float[36];
                for (int k = 0; k < a.length; k++) {
                    a[k] = (float) Math.sin(i + k);
                }
                for (int k = 0; k < b.length; k++) {
                    b[k] = (k * (i + 1)) % 7;
                }
                return new MultimodalSample(name + "-" + i, i % 2, new float[][] {a, b},
                        Map.of("audio_snr_db", Double.toString(-6 + 0.5 * i), "image_noise", Double.toString(0.02 * ((i * 7) % 40)), "speaker", "s" + (i % 3)));
            }
        };
    }
}
