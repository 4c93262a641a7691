package org.sae4j.harvest;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Lets the oneMKL linked into PyTorch's {@code libtorch_cpu.so} choose its kernels by CPU features on non-Intel CPUs.
 *
 * <p>oneMKL asks {@code mkl_serv_intel_cpu_true} whether the CPU's vendor string is "GenuineIntel" and, when it is
 * not, takes a generic path for its GEMMs (PyTorch's linear layers) whatever the CPU supports. The function caches
 * its answer in an int of the library's data (-1 until first asked, then 0 or 1). {@link #apply()} finds the function
 * by its dynamic symbol, checks that its code starts with exactly that cache read ({@code 8b 05 <rel32>}: load the
 * int at a RIP-relative address, {@code 85 c0}: test, {@code 78}: js to the CPUID query), checks that the int lies in
 * a writable mapping of the library, and writes 1 into it, so MKL dispatches on CPUID features as it does on Intel.
 * When any check fails it changes nothing and says why. It must run before PyTorch's first MKL call (MKL caches its
 * dispatch), i.e. right after the engine is loaded.
 *
 * <p>{@code -D}{@value #KEEP_PROPERTY}{@code =true} keeps MKL's own vendor check (nothing is written).
 */
final class MklKernels {

    /** System property that, when {@code true}, leaves oneMKL's vendor check alone. */
    static final String KEEP_PROPERTY = "sae4j.harvest.mklVendorCheck";

    private static final String LIBRARY = "libtorch_cpu.so";
    private static final String SYMBOL = "mkl_serv_intel_cpu_true";
    /** The function's first instruction bytes after the rel32: {@code test eax, eax; js}. */
    private static final byte[] AFTER_LOAD = {(byte) 0x85, (byte) 0xc0, (byte) 0x78};
    /** Bytes read from the function: {@code 8b 05 <rel32> 85 c0 78}. */
    static final int CODE_BYTES = 9;

    /** What {@link #apply()} did. */
    enum Status {
        /** The cached answer was set to "Intel". */
        PATCHED,
        /** The cached answer already said "Intel" (an Intel CPU, or applied before). */
        INTEL,
        /** Left alone on request ({@value #KEEP_PROPERTY}). */
        KEPT,
        /** Left alone because a check failed; {@link Outcome#message()} says which. */
        REFUSED
    }

    /** A status and a one-line explanation for the log. */
    record Outcome(Status status, String message) {
    }

    private static Outcome applied;

    private MklKernels() {
    }

    /**
     * Applies the change once per process (later calls return the first outcome); a refusal is also printed to
     * standard error. PyTorch's natives must already be loaded.
     */
    static synchronized Outcome apply() {
        if (applied == null) {
            applied = Boolean.getBoolean(KEEP_PROPERTY)
                    ? new Outcome(Status.KEPT, "oneMKL: vendor check kept (-D" + KEEP_PROPERTY + "=true)")
                    : patch();
            if (applied.status() == Status.REFUSED) {
                System.err.println(applied.message());
            }
        }
        return applied;
    }

    // Reading and writing libtorch_cpu.so's memory is the point; every address is checked against its mappings first.
    @SuppressWarnings("restricted")
    private static Outcome patch() {
        List<Mapping> maps;
        try {
            maps = Mapping.of(Files.readAllLines(Path.of("/proc/self/maps")), LIBRARY);
        } catch (IOException e) {
            return refused("cannot read /proc/self/maps: " + e.getMessage());
        }
        if (maps.isEmpty()) {
            return refused(LIBRARY + " is not mapped in this process");
        }
        Path library = maps.get(0).path();
        try (Arena arena = Arena.ofConfined()) {
            Optional<MemorySegment> function = SymbolLookup.libraryLookup(library, arena).find(SYMBOL);
            if (function.isEmpty()) {
                return refused(library + " has no symbol " + SYMBOL);
            }
            long at = function.get().address();
            if (!Mapping.covers(maps, at, CODE_BYTES, false)) {
                return refused(SYMBOL + " at 0x" + Long.toHexString(at) + " is not in an executable mapping of "
                        + library);
            }
            byte[] code = MemorySegment.ofAddress(at).reinterpret(CODE_BYTES).toArray(JAVA_BYTE);
            OptionalLong cached = cachedAnswer(code, at);
            if (cached.isEmpty()) {
                return refused(SYMBOL + " starts with " + hex(code) + ", not the expected 8b 05 <rel32> 85 c0 78 "
                        + "(a cached int read, test, js): another MKL build");
            }
            long cell = cached.getAsLong();
            if (!Mapping.covers(maps, cell, Integer.BYTES, true)) {
                return refused("the int " + SYMBOL + " reads (0x" + Long.toHexString(cell)
                        + ") is not in a writable mapping of " + library);
            }
            MemorySegment answer = MemorySegment.ofAddress(cell).reinterpret(Integer.BYTES);
            int now = answer.get(JAVA_INT, 0);
            if (now == 1) {
                return new Outcome(Status.INTEL, "oneMKL: the CPU is reported as Intel already");
            }
            if (now != -1 && now != 0) {
                return refused(SYMBOL + "'s cached answer is " + now + ", not -1, 0 or 1");
            }
            answer.set(JAVA_INT, 0, 1);
            // 0: MKL already asked in this process, and may keep the kernels it chose then.
            return new Outcome(Status.PATCHED, "oneMKL: non-Intel CPU; its vendor check now answers Intel, so MKL "
                    + "picks kernels by CPU features" + (now == 0 ? " (late: MKL had asked before)" : "")
                    + " (-D" + KEEP_PROPERTY + "=true keeps the check)");
        } catch (IllegalArgumentException | IllegalCallerException e) {
            return refused(e.toString());
        }
    }

    /**
     * The address of the int that the function at {@code at} returns when it is cached, if its code starts with
     * {@code 8b 05 <rel32> 85 c0 78}; the rel32 is relative to the end of that 6-byte load.
     */
    static OptionalLong cachedAnswer(byte[] code, long at) {
        if (code.length < CODE_BYTES || code[0] != (byte) 0x8b || code[1] != (byte) 0x05) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < AFTER_LOAD.length; i++) {
            if (code[6 + i] != AFTER_LOAD[i]) {
                return OptionalLong.empty();
            }
        }
        int rel32 = (code[2] & 0xff) | (code[3] & 0xff) << 8 | (code[4] & 0xff) << 16 | code[5] << 24;
        return OptionalLong.of(at + 6 + rel32);
    }

    private static Outcome refused(String why) {
        return new Outcome(Status.REFUSED, "oneMKL: vendor check left unchanged: " + why);
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.isEmpty() ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }

    /** One line of {@code /proc/self/maps} for the library: an address range and whether it is writable. */
    record Mapping(long start, long end, boolean executable, boolean writable, Path path) {

        /** The mappings of the file whose name is {@code library}, from the lines of {@code /proc/self/maps}. */
        static List<Mapping> of(List<String> lines, String library) {
            List<Mapping> out = new ArrayList<>();
            for (String line : lines) {
                // start-end perms offset dev inode path
                String[] f = line.trim().split("\\s+", 6);
                if (f.length < 6 || !f[5].endsWith("/" + library)) {
                    continue;
                }
                int dash = f[0].indexOf('-');
                out.add(new Mapping(Long.parseUnsignedLong(f[0].substring(0, dash), 16),
                        Long.parseUnsignedLong(f[0].substring(dash + 1), 16), f[1].charAt(2) == 'x',
                        f[1].charAt(1) == 'w', Path.of(f[5])));
            }
            return out;
        }

        /** Whether one mapping holds all {@code bytes} at {@code at}, executable or (when asked) writable. */
        static boolean covers(List<Mapping> maps, long at, int bytes, boolean writable) {
            return maps.stream().anyMatch(m -> Long.compareUnsigned(m.start, at) <= 0
                    && Long.compareUnsigned(at + bytes, m.end) <= 0 && (writable ? m.writable : m.executable));
        }
    }
}
