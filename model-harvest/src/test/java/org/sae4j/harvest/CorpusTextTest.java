package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corpus files are decoded strictly: bad UTF-8, binary content and disguised compression are rejected by name. */
class CorpusTextTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }

    private static String read(Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Reader reader = CorpusText.open(file)) {
            char[] buffer = new char[1000];
            for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
                text.append(buffer, 0, n);
            }
        }
        return text.toString();
    }

    @Test
    void reads_utf8_text_and_gzip_named_gz_alike_across_block_boundaries() throws IOException {
        // Multi-byte characters straddle the 64 KiB blocks; tabs, line and form feeds are text.
        String text = ("Call me Ishmael — café, naïve, 日本語, 🐋.\tEnd\f\r\n").repeat(4000);
        assertThat(utf8(text).length).isGreaterThan(3 * StrictUtf8Reader.BLOCK);

        assertThat(read(write("plain.txt", utf8(text)))).isEqualTo(text);
        assertThat(read(write("packed.txt.gz", gzip(utf8(text))))).isEqualTo(text);
        assertThat(read(write("empty.txt", new byte[0]))).isEmpty();
    }

    @Test
    void invalid_utf8_names_the_file_and_the_byte_offset() throws IOException {
        Path file = write("latin1.txt", concat(utf8("Hello wor"), new byte[] {(byte) 0xc3, 0x28}, utf8("ld\n")));

        assertThatThrownBy(() -> CorpusText.check(file)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("invalid UTF-8 at byte offset 9")
                .hasMessageContaining("(bytes c3)").hasMessageContaining("iconv")
                .satisfies(e -> assertThat(((CorpusFormatException) e).offset()).isEqualTo(9));
    }

    @Test
    void invalid_utf8_far_into_the_file_gets_its_exact_offset_also_in_decompressed_text() throws IOException {
        byte[] text = concat(utf8("x".repeat(70_000)), new byte[] {(byte) 0xe9}, utf8(" suite\n"));
        Path plain = write("deep.txt", text);
        Path gz = write("deep.txt.gz", gzip(text));

        assertThatThrownBy(() -> CorpusText.check(plain)).hasMessageContaining("byte offset 70000 (bytes e9)");
        assertThatThrownBy(() -> CorpusText.check(gz)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining(gz.toString())
                .hasMessageContaining("byte offset 70000 of the decompressed text");
    }

    @Test
    void a_sequence_cut_off_at_the_end_of_the_file_is_invalid() throws IOException {
        // The first two bytes of the three-byte '€'.
        Path file = write("cut.txt", concat(utf8("price: 5"), new byte[] {(byte) 0xe2, (byte) 0x82}));

        assertThatThrownBy(() -> CorpusText.check(file)).hasMessageContaining("invalid UTF-8 at byte offset 8");
    }

    @Test
    void a_nul_byte_means_binary_data() throws IOException {
        Path file = write("image.txt", concat(utf8("GIF89a"), new byte[] {1, 0, 1, 0}));

        assertThatThrownBy(() -> CorpusText.check(file)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("NUL byte at byte offset 7")
                .hasMessageContaining("binary data, not text");
    }

    @Test
    void a_high_share_of_control_characters_means_binary_data() throws IOException {
        byte[] content = new byte[400];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 3 == 0 ? 0x01 + i % 7 : 'a');
        }
        Path file = write("data.txt", content);

        assertThatThrownBy(() -> CorpusText.check(file)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("134 of the 400 bytes from byte offset 0 are control characters")
                .hasMessageContaining("binary data");
        // A few control characters (a bell, an escape) in text are no reason to reject it.
        CorpusText.check(write("log.txt", utf8("ding\u0007 and the build is done \u001b[0m\n".repeat(50))));
    }

    @Test
    void gzip_bytes_in_a_file_not_named_gz_are_rejected_with_what_to_do() throws IOException {
        Path file = write("corpus.txt", gzip(utf8("Call me Ishmael.\n")));

        assertThatThrownBy(() -> CorpusWindows.requireReadable(List.of(file)))
                .isInstanceOf(CorpusFormatException.class).hasMessageContaining(file.toString())
                .hasMessageContaining("gzip-compressed").hasMessageContaining("rename it to end in .gz");
    }

    @Test
    void zip_xz_zstd_and_bzip2_bytes_are_named_by_their_kind() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write(utf8("text"));
        }
        byte[] xz = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xe6, (byte) 0xd6};
        byte[] zstd = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x24, 0x04, 0x21, 0, 0, 't'};
        byte[] bzip2 = {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x0e};

        assertThatThrownBy(() -> CorpusText.check(write("a.txt", zip.toByteArray())))
                .hasMessageContaining("a zip archive");
        assertThatThrownBy(() -> CorpusText.check(write("b.txt", xz))).hasMessageContaining("xz-compressed")
                .hasMessageContaining("xz -d");
        assertThatThrownBy(() -> CorpusText.check(write("c.txt", zstd))).hasMessageContaining("zstd-compressed");
        assertThatThrownBy(() -> CorpusText.check(write("d.txt", bzip2))).hasMessageContaining("bzip2-compressed");
        assertThatThrownBy(() -> CorpusText.check(write("e.txt", concat(new byte[] {(byte) 0xff, (byte) 0xfe},
                "hi".getBytes(StandardCharsets.UTF_16LE))))).hasMessageContaining("UTF-16 text");
        // Text that merely starts like a bzip2 header is text.
        assertThat(read(write("f.txt", utf8("BZh9 is not a word.\n")))).startsWith("BZh9");
    }

    @Test
    void a_gz_file_compressed_twice_is_named() throws IOException {
        Path file = write("twice.txt.gz", gzip(gzip(utf8("Call me Ishmael.\n"))));

        assertThatThrownBy(() -> CorpusText.check(file)).isInstanceOf(CorpusFormatException.class)
                .hasMessageContaining("its decompressed content is gzip-compressed")
                .hasMessageContaining("compressed twice");
    }

    @Test
    void the_windows_of_a_file_with_invalid_utf8_fail_naming_it() throws IOException {
        Path file = write("bad.txt", concat(utf8("fine text\n".repeat(10)), new byte[] {(byte) 0x80}));
        try (WordPieceTokenizer tokenizer = WordPieceTokenizer.load(Models.byName("all-minilm-l6-v2"));
                CorpusWindows windows = new CorpusWindows(tokenizer, List.of(file), 16)) {
            assertThatThrownBy(() -> windows.next(1000)).isInstanceOf(CorpusFormatException.class)
                    .hasMessageContaining("bad.txt").hasMessageContaining("byte offset 100");
        }
    }
}
