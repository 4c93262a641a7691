package org.sae4j.harvest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens corpus files as text. A corpus file is UTF-8 text, or gzip-compressed UTF-8 text when its name ends in
 * {@code .gz}; anything else is rejected by name with what to do: compressed bytes under another name (gzip, zip,
 * xz, zstd and bzip2 are recognised by their magic numbers), UTF-16 text, invalid UTF-8 (named with its byte
 * offset) and binary content (a NUL byte, or more than one byte in ten of a 64 KiB block a control character).
 */
public final class CorpusText {

    /** Bytes enough to recognise every format below. */
    private static final int HEAD = 10;

    private CorpusText() {
    }

    /** A recognised non-text format: its magic number and how to turn such a file into a corpus file. */
    private enum Format {
        GZIP("gzip-compressed", "rename it to end in .gz (sae4j decompresses those), or decompress it with gunzip",
                0x1f, 0x8b),
        ZIP("a zip archive", "extract it (unzip) and list the text files it holds", 'P', 'K', 3, 4),
        XZ("xz-compressed", "decompress it (xz -d), or recompress it with gzip under a name ending in .gz",
                0xfd, '7', 'z', 'X', 'Z', 0),
        ZSTD("zstd-compressed", "decompress it (zstd -d), or recompress it with gzip under a name ending in .gz",
                0x28, 0xb5, 0x2f, 0xfd),
        BZIP2("bzip2-compressed", "decompress it (bunzip2), or recompress it with gzip under a name ending in .gz",
                'B', 'Z', 'h'),
        UTF16_LE("UTF-16 text", "convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)", 0xff, 0xfe),
        UTF16_BE("UTF-16 text", "convert it to UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)", 0xfe, 0xff);

        final String what;
        final String fix;
        final byte[] magic;

        Format(String what, String fix, int... magic) {
            this.what = what;
            this.fix = fix;
            this.magic = new byte[magic.length];
            for (int i = 0; i < magic.length; i++) {
                this.magic[i] = (byte) magic[i];
            }
        }

        boolean matches(byte[] head) {
            if (head.length < magic.length || !Arrays.equals(head, 0, magic.length, magic, 0, magic.length)) {
                return false;
            }
            // "BZh" is also how text may start: bzip2 follows it with the block size '1'..'9' and a block magic.
            return this != BZIP2 || head.length >= 10 && head[3] >= '1' && head[3] <= '9'
                    && (Arrays.equals(head, 4, 10, BZIP2_BLOCK, 0, 6) || Arrays.equals(head, 4, 10, BZIP2_END, 0, 6));
        }

        static Format of(byte[] head) {
            for (Format format : values()) {
                if (format.matches(head)) {
                    return format;
                }
            }
            return null;
        }
    }

    private static final byte[] BZIP2_BLOCK = {0x31, 0x41, 0x59, 0x26, 0x53, 0x59};
    private static final byte[] BZIP2_END = {0x17, 0x72, 0x45, 0x38, 0x50, (byte) 0x90};

    /**
     * Checks that a file is of an accepted kind by its first bytes: cheap enough to run before any work, while the
     * content is checked as it is read ({@link #check}).
     *
     * @param file the corpus file
     * @throws IOException naming the file when it cannot be read or is of another kind, and what to do
     */
    public static void checkFormat(Path file) throws IOException {
        content(file).close();
    }

    /**
     * Reads a whole corpus file as {@link #open} does, so that invalid UTF-8 or binary content is found before a
     * harvest starts rather than when the harvest reaches it.
     *
     * @param file the corpus file
     * @throws CorpusFormatException naming the file and the byte offset of the first problem
     * @throws IOException           when the file cannot be read or decompressed
     */
    public static void check(Path file) throws IOException {
        char[] buffer = new char[StrictUtf8Reader.BLOCK];
        try (Reader reader = open(file)) {
            while (reader.read(buffer) >= 0) {
                // Reading is the check.
            }
        }
    }

    /**
     * Opens a corpus file as strictly decoded text.
     *
     * @param file a UTF-8 text file, or gzip-compressed UTF-8 text named {@code *.gz}
     * @return a reader of its text; the caller closes it
     * @throws CorpusFormatException when the file is of another kind (named, with what to do), or, while reading,
     *                               holds invalid UTF-8 or binary data (with the byte offset)
     * @throws IOException           when the file cannot be opened or is not valid gzip
     */
    public static Reader open(Path file) throws IOException {
        return new StrictUtf8Reader(file, content(file), isGzipName(file));
    }

    private static boolean isGzipName(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** The file's content, decompressed for {@code .gz}, after its first bytes were recognised as text. */
    private static InputStream content(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            boolean gzip = isGzipName(file);
            if (gzip) {
                try {
                    in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
                } catch (ZipException e) {
                    throw new IOException("corpus file " + file + " is not valid gzip: " + e.getMessage(), e);
                }
            }
            in.mark(HEAD);
            byte[] head = in.readNBytes(HEAD);
            in.reset();
            Format format = Format.of(head);
            if (format != null) {
                String kind = gzip ? "its decompressed content is " + format.what : "it is " + format.what;
                String fix = gzip && format == Format.GZIP ? "it was compressed twice: decompress it once (gunzip) "
                        + "and name the result *.gz" : format.fix;
                throw new CorpusFormatException(file, -1, "corpus file " + file + " is not UTF-8 text: " + kind
                        + "; " + fix);
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
