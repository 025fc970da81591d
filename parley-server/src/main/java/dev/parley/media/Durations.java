package dev.parley.media;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A voice note's length, where the container states it cheaply: MP4 (the {@code mvhd} box) and
 * Ogg Opus or Vorbis (the last page's granule position over the sample rate). WebM as Chromium's
 * MediaRecorder writes it carries no duration (the recorder does not know it when it writes the
 * header), so it is null there, as for anything unreadable; players find it as they play.
 */
final class Durations {
    private Durations() {}

    static Optional<Long> millis(Path file, String type) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            if (type.endsWith("/mp4") || type.equals("audio/x-m4a") || type.equals("audio/m4a")) {
                return mp4(f, 0, f.length(), 0);
            }
            if (type.contains("ogg") || type.equals("audio/opus") || type.equals("audio/vorbis")) {
                return ogg(f);
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not what it claimed: no duration, the file is still served as sent
        }
        return Optional.empty();
    }

    /** Walks boxes for moov/mvhd: duration over timescale. */
    private static Optional<Long> mp4(RandomAccessFile f, long from, long to, int depth) throws IOException {
        long at = from;
        while (at + 8 <= to && depth < 4) {
            f.seek(at);
            long size = f.readInt() & 0xFFFFFFFFL;
            byte[] type = new byte[4];
            f.readFully(type);
            String name = new String(type, StandardCharsets.US_ASCII);
            int header = 8;
            if (size == 1) {
                size = f.readLong();
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header) {
                return Optional.empty();
            }
            if (name.equals("moov")) {
                return mp4(f, at + header, at + size, depth + 1);
            }
            if (name.equals("mvhd")) {
                int version = f.readUnsignedByte();
                f.skipBytes(3);
                long timescale;
                long duration;
                if (version == 1) {
                    f.skipBytes(16);
                    timescale = f.readInt() & 0xFFFFFFFFL;
                    duration = f.readLong();
                } else {
                    f.skipBytes(8);
                    timescale = f.readInt() & 0xFFFFFFFFL;
                    duration = f.readInt() & 0xFFFFFFFFL;
                }
                return timescale == 0 ? Optional.empty() : Optional.of(duration * 1000 / timescale);
            }
            at += size;
        }
        return Optional.empty();
    }

    /** The last Ogg page's granule position: samples at 48 kHz for Opus, at the stream's rate for Vorbis. */
    private static Optional<Long> ogg(RandomAccessFile f) throws IOException {
        byte[] first = new byte[(int) Math.min(f.length(), 512)];
        f.readFully(first);
        String head = new String(first, StandardCharsets.ISO_8859_1);
        long rate;
        long preSkip = 0;
        int opus = head.indexOf("OpusHead");
        int vorbis = head.indexOf("\u0001vorbis");
        ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
        if (opus >= 0 && opus + 12 <= first.length) {
            rate = 48_000;
            preSkip = b.getShort(opus + 10) & 0xFFFF;
        } else if (vorbis >= 0 && vorbis + 16 <= first.length) {
            rate = b.getInt(vorbis + 12) & 0xFFFFFFFFL;
        } else {
            return Optional.empty();
        }
        int tail = (int) Math.min(f.length(), 65_536);
        byte[] end = new byte[tail];
        f.seek(f.length() - tail);
        f.readFully(end);
        int page = new String(end, StandardCharsets.ISO_8859_1).lastIndexOf("OggS");
        if (page < 0 || page + 14 > end.length || rate == 0) {
            return Optional.empty();
        }
        long granule = ByteBuffer.wrap(end, page + 6, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return granule <= preSkip ? Optional.empty() : Optional.of((granule - preSkip) * 1000 / rate);
    }
}
