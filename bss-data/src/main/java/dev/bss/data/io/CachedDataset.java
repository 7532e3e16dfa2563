package dev.bss.data.io;

import dev.bss.data.DataFormatException;
import dev.bss.engine.data.ModalitySpec;
import dev.bss.engine.data.MultimodalDataset;
import dev.bss.engine.data.MultimodalSample;
import java.util.List;
import java.util.Map;

/**
 * A {@link MultimodalDataset} backed by a memory-mapped {@link SplitFile}, with sample ids and
 * metadata from the cache manifest. Records are decoded on each {@link #get(int)}.
 */
public final class CachedDataset implements MultimodalDataset {

    private final SplitFile.Reader reader;
    private final List<String> ids;
    private final List<Map<String, String>> metadata;
    private final String checksum;

    /**
     * @param reader the opened split file
     * @param ids one id per record
     * @param metadata one map per record
     * @param checksum the split file's SHA-256
     */
    public CachedDataset(SplitFile.Reader reader, List<String> ids, List<Map<String, String>> metadata, String checksum) {
        if (ids.size() != reader.count() || metadata.size() != reader.count()) {
            throw new DataFormatException(reader.file(), "manifest lists " + ids.size() + " samples, the file holds " + reader.count());
        }
        this.reader = reader;
        this.ids = List.copyOf(ids);
        this.metadata = List.copyOf(metadata);
        this.checksum = checksum;
    }

    @Override
    public List<ModalitySpec> modalities() {
        return reader.modalities();
    }

    @Override
    public List<String> classNames() {
        return reader.classNames();
    }

    @Override
    public int size() {
        return reader.count();
    }

    @Override
    public MultimodalSample get(int index) {
        return new MultimodalSample(ids.get(index), reader.label(index), reader.values(index), metadata.get(index));
    }

    @Override
    public String checksum() {
        return checksum;
    }
}
