package dev.bss.data.audio;

import dev.bss.data.DataFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A RIFF/WAVE parser and a 16-bit PCM writer. Reads PCM (format 1) with 8, 16, 24 or 32 bits, IEEE
 * float (format 3) with 32 or 64 bits, and WAVE_FORMAT_EXTENSIBLE wrapping either; channels are
 * averaged to mono and samples scaled to {@code [-1, 1]} (16-bit: {@code v / 32768}, as librosa).
 * A {@code data} chunk whose size field is {@code 0}, {@code 0x7FFFFFFF} or {@code 0xFFFFFFFF} (written
 * by streaming tools such as {@code espeak-ng --stdout}) runs to the end of the file; any other size
 * beyond the file's end is reported as truncation.
 */
public final class WavFile {

    private WavFile() {
    }

    /** Mono samples in {@code [-1, 1]} and their sample rate. */
    public record Audio(float[] samples, int sampleRate) {
        public double seconds() {
            return samples.length / (double) sampleRate;
        }
    }

    public static Audio read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "WAV file is missing");
        }
        return parse(file, Files.readAllBytes(file));
    }

    /** Parses WAV bytes; {@code file} names the source in errors. */
    public static Audio parse(Path file, byte[] all) {
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        if (all.length < 12 || !tag(all, 0).equals("RIFF") || !tag(all, 8).equals("WAVE")) {
            throw new DataFormatException(file, "not a RIFF/WAVE file");
        }
        int pos = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int blockAlign = 0;
        while (pos <= all.length - 8) { // not pos + 8: a huge chunk size puts pos at Integer.MAX_VALUE
            String id = tag(all, pos);
            long size = b.getInt(pos + 4) & 0xffffffffL;
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > all.length) {
                    throw new DataFormatException(file, "fmt chunk too short (" + size + " bytes)");
                }
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                blockAlign = b.getShort(body + 12) & 0xffff;
                bits = b.getShort(body + 14) & 0xffff;
                if (format == 0xFFFE) {
                    if (size < 40 || body + 26 > all.length) {
                        throw new DataFormatException(file, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short");
                    }
                    format = b.getShort(body + 24) & 0xffff;
                }
            } else if (id.equals("data")) {
                if (format < 0) {
                    throw new DataFormatException(file, "data chunk before fmt chunk");
                }
                long available = all.length - body;
                long n = size;
                if (size == 0 || size == 0x7FFFFFFFL || size == 0xFFFFFFFFL) {
                    n = available;
                } else if (size > available) {
                    throw new DataFormatException(file, "data chunk declares " + size + " bytes but only " + available
                            + " remain: truncated");
                }
                return new Audio(decode(file, b, body, (int) n, format, channels, bits, blockAlign), checkRate(file, rate));
            }
            pos = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        throw new DataFormatException(file, format < 0 ? "no fmt chunk" : "no data chunk");
    }

    private static int checkRate(Path file, int rate) {
        if (rate <= 0) {
            throw new DataFormatException(file, "sample rate " + rate + " is not positive");
        }
        return rate;
    }

    private static float[] decode(Path file, ByteBuffer b, int start, int bytes, int format, int channels, int bits, int blockAlign) {
        if (channels <= 0) {
            throw new DataFormatException(file, "channel count " + channels);
        }
        boolean pcm = format == 1 && (bits == 8 || bits == 16 || bits == 24 || bits == 32);
        boolean flt = format == 3 && (bits == 32 || bits == 64);
        if (!pcm && !flt) {
            throw new DataFormatException(file, "unsupported WAV encoding: format " + format + ", " + bits + " bits");
        }
        int width = bits / 8;
        int frame = width * channels;
        if (blockAlign != 0 && blockAlign != frame) {
            throw new DataFormatException(file, "block align " + blockAlign + " does not match " + channels + " x " + bits + " bits");
        }
        int frames = bytes / frame;
        float[] out = new float[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                int p = start + i * frame + c * width;
                double v;
                if (flt) {
                    v = bits == 32 ? b.getFloat(p) : b.getDouble(p);
                    if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                        throw new DataFormatException(file, "non-finite float sample " + v + " at frame " + i + " (byte " + p + ")");
                    }
                } else {
                    v = switch (bits) {
                        case 8 -> ((b.get(p) & 0xff) - 128) / 128.0;
                        case 16 -> b.getShort(p) / 32768.0;
                        case 24 -> ((b.get(p) & 0xff) | ((b.get(p + 1) & 0xff) << 8) | (b.get(p + 2) << 16)) / 8388608.0;
                        default -> b.getInt(p) / 2147483648.0;
                    };
                }
                sum += v;
            }
            out[i] = (float) (sum / channels);
        }
        return out;
    }

    private static String tag(byte[] a, int off) {
        return new String(a, off, 4, StandardCharsets.US_ASCII);
    }

    /** Writes mono 16-bit PCM, clipping to {@code [-1, 1]} ({@code round(v * 32767)}). */
    public static void write16(Path file, float[] samples, int sampleRate) throws IOException {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (float s : samples) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767));
        }
        Files.write(file, b.array());
    }
}
