package dev.bss.cli;

import dev.bss.engine.data.DatasetProvider;
import dev.bss.engine.data.DatasetSplits;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import dev.bss.engine.data.SyntheticDatasetProvider;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test dataset {@code comma-synthetic}: the built-in {@code synthetic} dataset whose samples carry a metadata cell
 * with a comma and a quote ({@code note = "snr=-6,sigma=0.1 "x"}), and an id with a comma, so that a run's own
 * {@code scores/epoch-NNN.csv} needs RFC 4180 quoting.
 */
public final class CommaMetadataProvider implements DatasetProvider {

    @Override
    public String id() {
        return "comma-synthetic";
    }

    @Override
    public String description() {
        return "test only: synthetic with commas in ids and metadata";
    }

    @Override
    public DatasetSplits load(Map<String, Object> options) throws IOException {
        DatasetSplits s = new SyntheticDatasetProvider().load(options);
        return new DatasetSplits(id(), wrap(s.train()), s.validation() == null ? null : wrap(s.validation()),
                s.test() == null ? null : wrap(s.test()));
    }

    private static MultimodalDataset wrap(MultimodalDataset d) {
        return new MultimodalDataset() {
            @Override
            public List<ModalitySpec> modalities() {
                return d.modalities();
            }

            @Override
            public List<String> classNames() {
                return d.classNames();
            }

            @Override
            public int size() {
                return d.size();
            }

            @Override
            public MultimodalSample get(int index) {
                MultimodalSample s = d.get(index);
                Map<String, String> meta = new LinkedHashMap<>(s.metadata());
                meta.put("note", "snr=-6,sigma=0." + index + " \"x\"");
                return new MultimodalSample(s.id() + ",c", s.label(), s.modalities(), meta);
            }

            @Override
            public String checksum() {
                return d.checksum();
            }
        };
    }
}
