package org.sae4j.core.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.sae4j.store.AtomicFiles;

/**
 * The {@value #FILE} of a checkpoint directory, written after every other file of the set: each file's size and
 * SHA-256, the training step, and the run's {@link RunIdentity}. A directory without it was not completely written;
 * one whose files differ from it was changed or damaged afterwards. Its content depends only on the files and the
 * fields (sorted keys, no timestamps), so equal checkpoints have byte-identical manifests.
 *
 * @param format {@value #FORMAT}
 * @param step optimisation steps taken when the checkpoint was written
 * @param descriptorHash the run's descriptor hash
 * @param dataFingerprint the run's data fingerprint
 * @param files each file of the set by name (sorted)
 */
public record CheckpointManifest(String format, long step, String descriptorHash, String dataFingerprint,
                                 Map<String, FileEntry> files) {
  /** The manifest's file name inside a checkpoint directory. */
  public static final String FILE = "manifest.json";
  /** The current format tag. */
  public static final String FORMAT = "sae4j-checkpoint-1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /**
   * One file of the set.
   *
   * @param bytes its size
   * @param sha256 its SHA-256, 64 lowercase hex digits
   */
  public record FileEntry(long bytes, String sha256) {
  }

  public CheckpointManifest {
    files = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(files, "files")));
  }

  /** The run this checkpoint belongs to. */
  public RunIdentity identity() {
    return new RunIdentity(descriptorHash, dataFingerprint);
  }

  /**
   * The recorded SHA-256 of one file of the set.
   *
   * @throws IllegalArgumentException when the set has no such file
   */
  public String sha256(String file) {
    FileEntry e = files.get(file);
    if (e == null) {
      throw new IllegalArgumentException("checkpoint has no file " + file + " (it has " + files.keySet() + ")");
    }
    return e.sha256();
  }

  /** Hashes {@code names} in {@code dir} and describes them with the step and identity. */
  static CheckpointManifest describe(Path dir, Iterable<String> names, long step, RunIdentity identity)
      throws IOException {
    Map<String, FileEntry> files = new TreeMap<>();
    for (String name : names) {
      Path file = dir.resolve(name);
      files.put(name, new FileEntry(Files.size(file), AtomicFiles.sha256(file)));
    }
    return new CheckpointManifest(FORMAT, step, identity.descriptorHash(), identity.dataFingerprint(), files);
  }

  /** Writes this manifest into {@code dir} atomically. */
  void write(Path dir) throws IOException {
    AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(this) + "\n");
  }

  /**
   * Reads the manifest of {@code dir} and checks every file it lists: present, of the recorded size and SHA-256.
   *
   * @return the verified manifest
   * @throws IOException naming the manifest when it is missing or malformed, or the first file that differs from it
   */
  public static CheckpointManifest verify(Path dir) throws IOException {
    CheckpointManifest manifest = read(dir);
    Path manifestFile = dir.resolve(FILE);
    for (Map.Entry<String, FileEntry> e : manifest.files().entrySet()) {
      Path file = dir.resolve(e.getKey());
      FileEntry expected = e.getValue();
      if (!Files.isRegularFile(file)) {
        throw new IOException("checkpoint file " + file + " is missing; " + manifestFile + " lists it");
      }
      long size = Files.size(file);
      if (size != expected.bytes()) {
        throw new IOException("checkpoint file " + file + " has " + size + " bytes, " + manifestFile + " says "
            + expected.bytes() + ": the file was changed or damaged after the checkpoint was written");
      }
      String sha = AtomicFiles.sha256(file);
      if (!sha.equals(expected.sha256())) {
        throw new IOException("checkpoint file " + file + " has SHA-256 " + sha + ", " + manifestFile + " says "
            + expected.sha256() + ": the file was changed or damaged after the checkpoint was written");
      }
    }
    return manifest;
  }

  /**
   * Reads the manifest of {@code dir} without checking the files.
   *
   * @throws IOException naming the manifest when it is missing, not valid JSON or not a sae4j checkpoint manifest
   */
  public static CheckpointManifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    CheckpointManifest manifest;
    try {
      manifest = JSON.readValue(Files.readString(file), CheckpointManifest.class);
    } catch (NoSuchFileException e) {
      throw new IOException(file + " does not exist: the checkpoint " + dir + " is incomplete (its writing was "
          + "interrupted) or older than sae4j's checkpoint manifests; train again", e);
    } catch (JsonProcessingException e) {
      throw new IOException(file + " is not a valid checkpoint manifest: " + e.getOriginalMessage(), e);
    }
    if (manifest == null || !FORMAT.equals(manifest.format()) || manifest.step() < 0
        || manifest.descriptorHash() == null || manifest.dataFingerprint() == null) {
      throw new IOException(file + " is not a " + FORMAT + " manifest (format, step, descriptorHash, "
          + "dataFingerprint and files are required)");
    }
    for (Map.Entry<String, FileEntry> e : manifest.files().entrySet()) {
      if (e.getValue() == null || e.getValue().sha256() == null || e.getKey().contains("/")
          || e.getKey().contains("\\") || e.getKey().startsWith(".")) {
        throw new IOException(file + ": entry '" + e.getKey() + "' must be a plain file name with bytes and sha256");
      }
    }
    return manifest;
  }
}
