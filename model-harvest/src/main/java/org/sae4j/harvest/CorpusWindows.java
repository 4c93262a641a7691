package org.sae4j.harvest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts corpus files into token windows.
 *
 * <p>Each file (UTF-8 text, or gzip when its name ends in {@code .gz}, decoded strictly by {@link CorpusText}) is
 * one document, tokenised as one
 * stream of content tokens and split into consecutive chunks of {@code window - 2} tokens (stride = window - 2,
 * no overlap), each wrapped as {@code [CLS] chunk [SEP]}. A file's last chunk may be shorter; windows never span
 * two files. Windows are numbered from 0 across all files in order.
 *
 * <p>The text is tokenised a block of whole lines at a time. BERT's pre-tokeniser splits at whitespace, so no
 * token spans a line break and the result equals tokenising the whole file at once.
 *
 * <p>Reads one file at a time; {@link #close()} closes the open one.
 */
public final class CorpusWindows implements AutoCloseable {

    private static final int BLOCK_CHARS = 1 << 16;

    private final WordPieceTokenizer tokenizer;
    private final List<Path> files;
    private final int content;
    private int fileIndex = -1;
    private BufferedReader reader;
    private int[] pending = new int[0];
    private int pendingStart;
    private long nextSequence;

    /**
     * Prepares to read the files in order; nothing is opened until the first {@link #next()}.
     *
     * @param tokenizer the model's tokenizer (not closed by this class)
     * @param files     corpus files, read in order
     * @param window    window length including [CLS] and [SEP], at least 3
     */
    public CorpusWindows(WordPieceTokenizer tokenizer, List<Path> files, int window) {
        if (window < 3) {
            throw new IllegalArgumentException("window must be at least 3 ([CLS], one token, [SEP]), got " + window);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no corpus files given");
        }
        this.tokenizer = tokenizer;
        this.files = List.copyOf(files);
        this.content = window - 2;
    }

    /**
     * Checks that every corpus file exists, is a readable regular file and starts like text (not compressed under
     * another name, not UTF-16; see {@link CorpusText#checkFormat}).
     */
    public static void requireReadable(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IOException("no corpus files given");
        }
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString(), null, "corpus file does not exist or is not a file");
            }
            if (!Files.isReadable(f)) {
                throw new IOException("corpus file " + f + " is not readable");
            }
            CorpusText.checkFormat(f);
        }
    }

    /**
     * Reads the next window.
     *
     * @return the window, or null when every file is exhausted
     * @throws CorpusFormatException naming the file and byte offset of invalid UTF-8 or binary content
     * @throws IOException naming the file when it cannot be read or decompressed
     */
    public TokenWindow next() throws IOException {
        while (true) {
            int available = pending.length - pendingStart;
            if (available >= content || (available > 0 && reader == null && fileIndex >= 0)) {
                return emit(Math.min(content, available));
            }
            if (reader == null) {
                if (fileIndex + 1 >= files.size()) {
                    return null;
                }
                open(++fileIndex);
            }
            if (!readBlock()) {
                reader.close();
                reader = null;
            }
        }
    }

    /** Reads up to {@code max} windows into a list (shorter only at the end of the corpus). */
    public List<TokenWindow> next(int max) throws IOException {
        List<TokenWindow> batch = new ArrayList<>(max);
        TokenWindow w;
        while (batch.size() < max && (w = next()) != null) {
            batch.add(w);
        }
        return batch;
    }

    private TokenWindow emit(int n) {
        int[] ids = new int[n + 2];
        ids[0] = tokenizer.cls();
        System.arraycopy(pending, pendingStart, ids, 1, n);
        ids[n + 1] = tokenizer.sep();
        pendingStart += n;
        return new TokenWindow(nextSequence++, ids);
    }

    private void open(int index) throws IOException {
        reader = new BufferedReader(CorpusText.open(files.get(index)), 1 << 16);
    }

    /** Tokenises the next block of whole lines; false at end of file. */
    private boolean readBlock() throws IOException {
        StringBuilder text = new StringBuilder(BLOCK_CHARS + 256);
        String line;
        try {
            while (text.length() < BLOCK_CHARS && (line = reader.readLine()) != null) {
                text.append(line).append('\n');
            }
        } catch (CorpusFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("corpus file " + files.get(fileIndex) + ": read failed: " + e.getMessage(), e);
        }
        if (text.isEmpty()) {
            return false;
        }
        int[] ids = tokenizer.encode(text.toString());
        int left = pending.length - pendingStart;
        int[] merged = Arrays.copyOfRange(pending, pendingStart, pendingStart + left + ids.length);
        System.arraycopy(ids, 0, merged, left, ids.length);
        pending = merged;
        pendingStart = 0;
        return true;
    }

    /** Closes the file being read, if any. */
    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        fileIndex = files.size();
    }
}
