package org.sae4j.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusWindowsTest {

    private static WordPieceTokenizer tokenizer;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadTokenizer() throws IOException {
        tokenizer = WordPieceTokenizer.load(Models.byName("all-minilm-l6-v2"));
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    /** Enough text for several windows, with lines, punctuation, accents and a long paragraph. */
    private static String text() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append("Chapter ").append(i).append(". Call me Ishmael; the Pequod's café sailed at dawn.\n");
            if (i % 7 == 0) {
                s.append("\n");
            }
        }
        return s.toString();
    }

    private static List<TokenWindow> all(CorpusWindows windows) throws IOException {
        List<TokenWindow> out = new ArrayList<>();
        for (TokenWindow w; (w = windows.next()) != null; ) {
            out.add(w);
        }
        return out;
    }

    @Test
    void windows_wrap_consecutive_chunks_of_the_token_stream_in_cls_and_sep() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), text());
        int window = 16;
        List<TokenWindow> windows;
        try (CorpusWindows cw = new CorpusWindows(tokenizer, List.of(file), window)) {
            windows = all(cw);
        }
        int[] stream = tokenizer.encode(text());
        assertThat(stream.length).isGreaterThan(5 * window);
        List<Integer> content = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            TokenWindow w = windows.get(i);
            assertThat(w.sequence()).isEqualTo(i);
            assertThat(w.ids()[0]).isEqualTo(tokenizer.cls());
            assertThat(w.ids()[w.ids().length - 1]).isEqualTo(tokenizer.sep());
            if (i < windows.size() - 1) {
                assertThat(w.ids()).hasSize(window);
            }
            for (int p = 1; p <= w.contentLength(); p++) {
                content.add(w.ids()[p]);
            }
        }
        assertThat(windows).hasSize((stream.length + window - 3) / (window - 2));
        assertThat(content).containsExactly(java.util.Arrays.stream(stream).boxed().toArray(Integer[]::new));
    }

    @Test
    void gzip_file_gives_the_same_windows_as_plain_text_and_files_do_not_share_windows() throws IOException {
        Path plain = Files.writeString(dir.resolve("a.txt"), text());
        Path gz = dir.resolve("b.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text().getBytes(StandardCharsets.UTF_8));
        }
        List<TokenWindow> one;
        List<TokenWindow> both;
        try (CorpusWindows cw = new CorpusWindows(tokenizer, List.of(plain), 32)) {
            one = all(cw);
        }
        try (CorpusWindows cw = new CorpusWindows(tokenizer, List.of(plain, gz), 32)) {
            both = all(cw);
        }
        assertThat(both).hasSize(2 * one.size());
        for (int i = 0; i < one.size(); i++) {
            assertThat(both.get(i + one.size()).ids()).isEqualTo(one.get(i).ids());
            assertThat(both.get(i + one.size()).sequence()).isEqualTo(i + one.size());
        }
    }

    @Test
    void rejects_missing_corpus_file_naming_it() {
        Path missing = dir.resolve("nope.txt.gz");
        assertThatThrownBy(() -> CorpusWindows.requireReadable(List.of(missing)))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void rejects_corrupt_gzip_naming_the_file() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.txt.gz"), "this is not gzip");
        try (CorpusWindows cw = new CorpusWindows(tokenizer, List.of(bad), 16)) {
            assertThatThrownBy(cw::next).isInstanceOf(IOException.class).hasMessageContaining(bad.toString())
                    .hasMessageContaining("gzip");
        }
    }

    @Test
    void rejects_truncated_gzip_naming_the_file() throws IOException {
        Path gz = dir.resolve("cut.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(text().repeat(20).getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (CorpusWindows cw = new CorpusWindows(tokenizer, List.of(gz), 16)) {
            assertThatThrownBy(() -> all(cw)).isInstanceOf(IOException.class).hasMessageContaining(gz.toString());
        }
    }

    @Test
    void decode_joins_word_pieces_back_into_text() {
        int[] ids = tokenizer.encode("The harpooneers slept.");
        assertThat(ids.length).isGreaterThan(4); // "harpooneers" is split into pieces
        assertThat(tokenizer.decode(ids)).isEqualTo("the harpooneers slept.");
    }

    @Test
    void tokenizer_ignores_the_json_files_truncation_and_padding() {
        // all-MiniLM's tokenizer.json pads and truncates to 128; content tokens must come back unpadded and whole.
        String longText = "whale ".repeat(300);
        int[] ids = tokenizer.encode(longText);
        assertThat(ids).hasSize(300).doesNotContain(tokenizer.pad(), tokenizer.cls(), tokenizer.sep());
        assertThat(tokenizer.token(ids[0])).isEqualTo("whale");
    }
}
