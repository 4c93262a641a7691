package org.sae4j.harvest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Decodes a corpus file's bytes as UTF-8, strictly: an invalid or truncated sequence, a NUL byte, or a block of
 * mostly control characters is a {@link CorpusFormatException} naming the file and the byte offset, never a
 * replacement character or a silently harvested binary. Blocks of {@value #BLOCK} bytes are checked before they
 * are decoded, so the offsets are exact and binary content is reported as binary, not as its first bad sequence.
 */
final class StrictUtf8Reader extends Reader {

    /** Bytes read, checked and decoded at a time. */
    static final int BLOCK = 1 << 16;

    /** A block in which more than one byte in this many is a control character holds binary data. */
    private static final int CONTROL_SHARE = 10;

    private final Path file;
    private final InputStream in;
    private final String where;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Undecoded bytes, in read mode; at most 3 carry over from one block (an unfinished sequence). */
    private final ByteBuffer bytes = ByteBuffer.allocate(BLOCK + 4).flip();
    private final CharBuffer chars = CharBuffer.allocate(BLOCK + 4).flip();
    /** Offset in the content of {@code bytes}' first byte. */
    private long offset;
    private boolean end;

    /**
     * @param file         the corpus file, for messages
     * @param in           its content (decompressed for {@code .gz}); closed with this reader
     * @param decompressed whether {@code in} is decompressed, so offsets are said to be in the decompressed text
     */
    StrictUtf8Reader(Path file, InputStream in, boolean decompressed) {
        this.file = file;
        this.in = in;
        this.where = decompressed ? " of the decompressed text" : "";
    }

    @Override
    public int read(char[] target, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (end && !bytes.hasRemaining()) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, chars.remaining());
        chars.get(target, off, n);
        return n;
    }

    /** Reads, checks and decodes the next block into {@code chars}. */
    private void fill() throws IOException {
        offset += bytes.position();
        bytes.compact();
        int start = bytes.position();
        while (bytes.hasRemaining() && !end) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                end = true;
            } else {
                bytes.position(bytes.position() + n);
            }
        }
        bytes.flip();
        checkText(start, bytes.limit());
        chars.clear();
        CoderResult result = decoder.decode(bytes, chars, end);
        if (result.isError()) {
            byte[] bad = new byte[result.length()];
            bytes.get(bytes.position(), bad);
            throw new CorpusFormatException(file, offset + bytes.position(), file + ": invalid UTF-8 at byte offset "
                    + (offset + bytes.position()) + where + " (bytes " + HexFormat.ofDelimiter(" ").formatHex(bad)
                    + "): a corpus file must be UTF-8 text; convert it (e.g. iconv -f LATIN1 -t UTF-8) or leave "
                    + "it out of the corpus");
        }
        if (end) {
            decoder.flush(chars);
        }
        chars.flip();
    }

    /** Rejects binary content among the new bytes {@code [from, to)} of the buffer. */
    private void checkText(int from, int to) throws CorpusFormatException {
        byte[] a = bytes.array();
        int controls = 0;
        int firstControl = -1;
        for (int i = from; i < to; i++) {
            int b = a[i] & 0xff;
            if (b == 0) {
                throw new CorpusFormatException(file, offset + i, file + ": NUL byte at byte offset " + (offset + i)
                        + where + ": the file holds binary data, not text; a corpus file must be UTF-8 text "
                        + "(gzip-compressed when its name ends in .gz)");
            }
            // Tab, line feed, form feed and carriage return are text; other C0 controls and DEL are not.
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\f' && b != '\r') || b == 0x7f) {
                controls++;
                if (firstControl < 0) {
                    firstControl = i;
                }
            }
        }
        if ((long) controls * CONTROL_SHARE > to - from) {
            throw new CorpusFormatException(file, offset + firstControl, file + ": " + controls + " of the "
                    + (to - from) + " bytes from byte offset " + (offset + from) + where + " are control characters "
                    + "(the first at byte offset " + (offset + firstControl) + "): the file holds binary data, not "
                    + "text; a corpus file must be UTF-8 text (gzip-compressed when its name ends in .gz)");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
