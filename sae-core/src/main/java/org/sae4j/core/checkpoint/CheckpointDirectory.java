package org.sae4j.core.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.sae4j.store.DiskSpace;
import org.sae4j.store.FaultInjection;
import org.sae4j.store.FileTrees;

/**
 * Publishes a checkpoint directory as one set. Its files are written into a hidden sibling
 * ({@code .<name>.partial-<random>}), then its {@link CheckpointManifest} is written last, and the directory is renamed
 * into place (an older one first renamed aside and deleted after). A reader therefore sees the previous set, no set
 * (only if the process dies between the two renames) or the new set, never a mix of both; a killed writer leaves a
 * hidden directory without a manifest, which the next publish of the same name removes.
 *
 * <p>Fault point {@code checkpoint.write} (see {@link FaultInjection}) is passed after each file of the set, the
 * manifest included, before the rename.
 */
public final class CheckpointDirectory {
  private static final String PARTIAL = ".partial-";
  private static final String OLD = ".old-";

  private CheckpointDirectory() {
  }

  /** Writes one file of a set. */
  @FunctionalInterface
  public interface Part {
    /**
     * Writes the file's complete content.
     *
     * @param file where to write it (does not exist yet)
     */
    void write(Path file) throws IOException;
  }

  /**
   * Writes and publishes a checkpoint directory.
   *
   * @param target the directory to create, or to replace as a whole
   * @param bytes about how many bytes the set takes; checked against the free space first
   * @param step the training step, for the manifest
   * @param identity the run, for the manifest
   * @param parts each file's name and writer, in writing order
   * @return the manifest now in {@code target}
   * @throws DiskSpace.InsufficientSpaceException when the disk lacks {@code bytes}, before anything is written
   * @throws IOException when a file cannot be written or the directory not renamed; {@code target} is then unchanged
   *     (or, if the second rename failed, absent)
   */
  public static CheckpointManifest publish(Path target, long bytes, long step, RunIdentity identity,
                                           Map<String, Part> parts) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path parent = absolute.getParent();
    String name = absolute.getFileName().toString();
    Files.createDirectories(parent);
    removeLeftovers(parent, name);
    DiskSpace.require(parent, bytes, "checkpoint");
    Path temp = createPartial(parent, name);
    boolean published = false;
    try {
      for (Map.Entry<String, Part> part : parts.entrySet()) {
        part.getValue().write(temp.resolve(part.getKey()));
        FaultInjection.point("checkpoint.write");
      }
      CheckpointManifest manifest = CheckpointManifest.describe(temp, parts.keySet(), step, identity);
      manifest.write(temp);
      FaultInjection.point("checkpoint.write");
      replace(temp, absolute, parent.resolve("." + name + OLD + temp.getFileName().toString()
          .substring(("." + name + PARTIAL).length())));
      published = true;
      return manifest;
    } finally {
      if (!published) {
        FileTrees.delete(temp);
      }
    }
  }

  /**
   * A new, empty {@code .<name>.partial-<random>} directory with the default attributes, so that the umask decides
   * the published directory's mode ({@link Files#createTempDirectory} would make it 0700 whatever the umask).
   */
  private static Path createPartial(Path parent, String name) throws IOException {
    while (true) {
      Path dir = parent.resolve("." + name + PARTIAL
          + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
      try {
        return Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        // another writer drew the same name: draw again
      }
    }
  }

  private static void replace(Path complete, Path target, Path aside) throws IOException {
    boolean hadOld = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
    if (hadOld) {
      Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(complete, target, StandardCopyOption.ATOMIC_MOVE);
    if (hadOld) {
      FileTrees.delete(aside);
    }
  }

  /** Hidden directories left by writers of {@code name} that were killed: never complete, safe to delete. */
  private static void removeLeftovers(Path parent, String name) throws IOException {
    try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, "." + name + ".*")) {
      for (Path p : siblings) {
        String file = p.getFileName().toString();
        String rest = file.substring(name.length() + 1);
        if (rest.startsWith(PARTIAL) || rest.startsWith(OLD)) {
          FileTrees.delete(p);
        }
      }
    }
  }
}
