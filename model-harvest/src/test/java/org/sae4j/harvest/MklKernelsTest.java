package org.sae4j.harvest;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The oneMKL vendor-check change: the byte check, the maps parsing, and its effect on the loaded library. */
class MklKernelsTest {

    /** The first bytes of mkl_serv_intel_cpu_true in PyTorch 2.7.1's libtorch_cpu.so (objdump), at 0xb466e70. */
    private static final byte[] REAL = {(byte) 0x8b, 0x05, (byte) 0xba, (byte) 0xb4, (byte) 0x82, 0x09, (byte) 0x85,
        (byte) 0xc0, 0x78};

    @Test
    void decodes_the_rip_relative_address_of_the_cached_answer() {
        // objdump: mov 0x982b4ba(%rip),%eax # 14c92330 <mkl_serv_intel_cpu_true.cached>
        assertThat(MklKernels.cachedAnswer(REAL, 0xb466e70L)).hasValue(0x14c92330L);
        // rel32 = -6: the int would sit at the load's own address (sign extension of the top byte).
        byte[] backwards = REAL.clone();
        backwards[2] = (byte) 0xfa;
        backwards[3] = (byte) 0xff;
        backwards[4] = (byte) 0xff;
        backwards[5] = (byte) 0xff;
        assertThat(MklKernels.cachedAnswer(backwards, 0x1000L)).hasValue(0x1000L);
    }

    @Test
    void refuses_code_that_is_not_a_cached_int_read_test_and_js() {
        for (int i : new int[] {0, 1, 6, 7, 8}) {
            byte[] other = REAL.clone();
            other[i] ^= 0x01;
            assertThat(MklKernels.cachedAnswer(other, 0xb466e70L)).as("byte %d changed", i).isEmpty();
        }
        assertThat(MklKernels.cachedAnswer(java.util.Arrays.copyOf(REAL, 8), 0xb466e70L)).isEmpty();
    }

    @Test
    void reads_the_library_mappings_and_their_permissions() {
        List<MklKernels.Mapping> maps = MklKernels.Mapping.of(List.of(
                "7f0000000000-7f0000001000 r--p 00000000 08:01 42   /x/libtorch_cpu.so",
                "7f0000001000-7f0000003000 r-xp 00001000 08:01 42   /x/libtorch_cpu.so",
                "7f0000003000-7f0000004000 rw-p 00003000 08:01 42   /x/libtorch_cpu.so",
                "7f0000004000-7f0000005000 rw-p 00000000 00:00 0",
                "7f0000005000-7f0000006000 rw-p 00000000 08:01 43   /x/libtorch_cpu.so.old",
                "7f0000006000-7f0000007000 r-xp 00000000 08:01 44   /x/libtorch.so"), "libtorch_cpu.so");
        assertThat(maps).hasSize(3);
        assertThat(maps.get(0).path()).isEqualTo(Path.of("/x/libtorch_cpu.so"));
        assertThat(MklKernels.Mapping.covers(maps, 0x7f0000001000L, 9, false)).isTrue();
        assertThat(MklKernels.Mapping.covers(maps, 0x7f0000002ffcL, 9, false)).as("crosses the end").isFalse();
        assertThat(MklKernels.Mapping.covers(maps, 0x7f0000001000L, 4, true)).as("code is not writable").isFalse();
        assertThat(MklKernels.Mapping.covers(maps, 0x7f0000003ffcL, 4, true)).isTrue();
        assertThat(MklKernels.Mapping.covers(maps, 0x7f0000004000L, 4, true)).as("anonymous").isFalse();
    }

    @Test
    @SuppressWarnings("restricted") // calls the library's function to see its answer
    void after_apply_the_loaded_libraries_vendor_check_answers_intel() throws Throwable {
        Engine.getEngine("PyTorch");
        MklKernels.Outcome outcome = MklKernels.apply();
        boolean amd = Files.readString(Path.of("/proc/cpuinfo")).contains("AuthenticAMD");
        if (Boolean.getBoolean(MklKernels.KEEP_PROPERTY)) {
            assertThat(outcome.status()).isEqualTo(MklKernels.Status.KEPT);
            return;
        }
        // On AMD the check answers 0 until changed; the first apply in this JVM changed it.
        assertThat(outcome.status()).as(outcome.message())
                .isEqualTo(amd ? MklKernels.Status.PATCHED : MklKernels.Status.INTEL);
        Path library = MklKernels.Mapping.of(Files.readAllLines(Path.of("/proc/self/maps")), "libtorch_cpu.so")
                .getFirst().path();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment function = SymbolLookup.libraryLookup(library, arena).find("mkl_serv_intel_cpu_true")
                    .orElseThrow();
            MethodHandle call = Linker.nativeLinker().downcallHandle(function, FunctionDescriptor.of(JAVA_INT));
            assertThat((int) call.invokeExact()).isEqualTo(1);
        }
        assertThat(MklKernels.apply()).isSameAs(outcome);
    }
}
