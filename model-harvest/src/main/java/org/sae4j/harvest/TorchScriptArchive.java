package org.sae4j.harvest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript archive (what {@code torch.jit.save} writes) for a module without tensors, so that libtorch's
 * TorchScript compiler can be used without Python: the module's methods are TorchScript source, compiled by
 * {@code torch::jit::load} when the archive is loaded.
 *
 * <p>The archive is a zip whose entries lie under one folder ({@code archive/}): {@code version} (the file format
 * version, 3: the produced version of archives that use no operator with a dynamic version), {@code constants.pkl}
 * (the tensor constants of the code: an empty tuple), {@code code/__torch__.py} (the class's source) and
 * {@code data.pkl}: the module object, pickled (protocol 2) as libtorch's {@code Pickler} writes an object without
 * {@code __getstate__}: {@code GLOBAL __torch__ <class>}, an empty tuple, {@code NEWOBJ}, a dict of its attributes,
 * {@code BUILD}. The only attribute is {@code training} (every module has it; {@code eval()} sets it), written as
 * false. Entries are stored uncompressed, as {@code torch.jit.save} stores them.
 */
final class TorchScriptArchive {

    /** The folder every entry lies under. */
    private static final String FOLDER = "archive/";
    /** The file format version written; libtorch reads 1 to its own maximum. */
    static final String FORMAT_VERSION = "3";

    private TorchScriptArchive() {
    }

    /**
     * The archive of a module of class {@code __torch__.<className>} with the given source.
     *
     * @param className the class's name, a Python identifier
     * @param source    {@code code/__torch__.py}: a {@code class <className>(Module):} with {@code training : bool}
     *                  among its attribute declarations, and its methods
     */
    static byte[] module(String className, String source) {
        if (!className.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("class name " + className + " is not a Python identifier");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "version", (FORMAT_VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
            stored(zip, "constants.pkl", constants());
            stored(zip, "code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, "data.pkl", data(className));
        } catch (IOException e) {
            throw new UncheckedIOException("writing a TorchScript archive in memory", e);
        }
        return bytes.toByteArray();
    }

    /** {@code constants.pkl}: an empty tuple (the code has no tensor constants). */
    static byte[] constants() {
        Pickle p = new Pickle();
        p.op(Pickle.EMPTY_TUPLE);
        return p.stop();
    }

    /** {@code data.pkl}: an object of {@code __torch__.<className>} whose one attribute, training, is false. */
    static byte[] data(String className) {
        Pickle p = new Pickle();
        p.global("__torch__", className);
        p.op(Pickle.EMPTY_TUPLE);
        p.op(Pickle.NEWOBJ);
        p.op(Pickle.EMPTY_DICT);
        p.op(Pickle.MARK);
        p.string("training");
        p.op(Pickle.NEWFALSE);
        p.op(Pickle.SETITEMS);
        p.op(Pickle.BUILD);
        return p.stop();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry entry = new ZipEntry(FOLDER + name);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    /** The few pickle (protocol 2) opcodes the archive needs, as Python's {@code pickletools} names them. */
    private static final class Pickle {
        static final int PROTO = 0x80;
        static final int GLOBAL = 'c';
        static final int EMPTY_TUPLE = ')';
        static final int NEWOBJ = 0x81;
        static final int EMPTY_DICT = '}';
        static final int MARK = '(';
        static final int BINUNICODE = 'X';
        static final int NEWFALSE = 0x89;
        static final int SETITEMS = 'u';
        static final int BUILD = 'b';
        static final int STOP = '.';

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pickle() {
            out.write(PROTO);
            out.write(2);
        }

        void op(int opcode) {
            out.write(opcode);
        }

        /** {@code GLOBAL}: module and name, each ended by a newline. */
        void global(String module, String name) {
            op(GLOBAL);
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        /** {@code BINUNICODE}: a little-endian 4-byte length and the UTF-8 bytes. */
        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            op(BINUNICODE);
            for (int i = 0; i < 4; i++) {
                out.write(utf8.length >>> (8 * i) & 0xff);
            }
            out.writeBytes(utf8);
        }

        byte[] stop() {
            op(STOP);
            return out.toByteArray();
        }
    }
}
