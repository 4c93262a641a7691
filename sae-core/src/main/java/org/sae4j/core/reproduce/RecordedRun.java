package org.sae4j.core.reproduce;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.run.RunStatus;

/**
 * A finished run as its directory holds it: the resolved descriptor, the run record and where the checkpoint's files
 * are. The one place reproduce learns the layout of a run directory, so that a change to it is followed here.
 *
 * @param directory the run directory, absolute
 * @param descriptor the descriptor it was trained from (see {@link #read})
 * @param record its {@code run.json}, of a finished training
 */
public record RecordedRun(Path directory, Descriptor descriptor, RunRecord record) {
  /** Shown for a value the run did not record. */
  public static final String NOT_RECORDED = "not recorded";
  /** The checkpoint files that must be bit-identical, in the order they are compared. */
  public static final List<String> COMPARED = List.of(Checkpoint.STATE, Checkpoint.WEIGHTS);
  /** The first line of a resolved descriptor (see {@code DescriptorHash.resolvedYaml}) names its source file. */
  private static final String RESOLVED_FROM = "# resolved from ";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads a run directory.
   *
   * <p>The descriptor is read from the run's resolved {@code descriptor.yaml}, whose paths are absolute, and is then
   * placed back at the file it was resolved from (named in its first line): the descriptor hash and the data set's
   * directory are computed from paths relative to the descriptor's directory, so this gives the values training
   * computed, wherever the run directory is now.
   *
   * @throws InvalidRunException naming the path when the directory, run.json, the descriptor or a checkpoint file is
   *     missing or unreadable, or when run.json is not the record of a finished training
   * @throws DescriptorException when the resolved descriptor is not a valid descriptor
   */
  public static RecordedRun read(Path directory) throws InvalidRunException, DescriptorException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidRunException(dir + " is not a run directory: it does not exist"
          + (Files.exists(dir) ? " as a directory" : "") + "; pass the directory sae:train wrote (target/sae/<name>)");
    }
    RunLayout layout = layout(dir);
    RunRecord record = finishedTraining(layout.runJson());
    Path descriptorFile = layout.resolvedDescriptor();
    if (!Files.isRegularFile(descriptorFile)) {
      throw new InvalidRunException(descriptorFile + " does not exist: a run directory holds the resolved descriptor"
          + " its training wrote");
    }
    for (String name : checkpointFiles(record)) {
      Path file = checkpointFile(dir, name);
      if (!Files.isRegularFile(file)) {
        throw new InvalidRunException("checkpoint file " + file + " does not exist: the run has no checkpoint to"
            + " reproduce");
      }
    }
    return new RecordedRun(dir, asTrained(DescriptorReader.read(descriptorFile), descriptorFile), record);
  }

  /** The file called {@code name} of the checkpoint in run directory {@code runDirectory}. */
  public static Path checkpointFile(Path runDirectory, String name) {
    return layout(runDirectory).checkpoint().resolve(name);
  }

  /** Where training found or put the data set: the data root beside the run directory. */
  public Path dataRoot() {
    return layout(directory).dataRoot();
  }

  /** The recorded SHA-256 of each checkpoint file, by file name. */
  public Map<String, String> checkpointSha256() {
    return record.checkpoint().files();
  }

  /**
   * {@code versions} as name → value, in record order (sae4j, Java, JVM, OS, cores, vector width); empty when none
   * were recorded.
   */
  public static Map<String, String> versions(RunRecord.Versions versions) {
    Map<String, String> out = new LinkedHashMap<>();
    if (versions != null) {
      JSON.convertValue(versions, new TypeReference<LinkedHashMap<String, Object>>() { })
          .forEach((k, v) -> out.put(k, String.valueOf(v)));
    }
    return out;
  }

  private static RunLayout layout(Path runDirectory) {
    return new RunLayout(runDirectory.getParent(), runDirectory.getFileName().toString());
  }

  private static RunRecord finishedTraining(Path runJson) throws InvalidRunException {
    RunRecord record;
    try {
      record = RunRecord.read(runJson);
    } catch (IOException e) {
      throw new InvalidRunException(e.getMessage(), e);
    }
    if (!RunRecord.FORMAT.equals(record.format())) {
      throw new InvalidRunException(runJson + " was written by another version of sae4j (format " + record.format()
          + ", expected " + RunRecord.FORMAT + "); reproduce it with the sae4j version that trained it");
    }
    if (record.status() == RunStatus.TRAINING) {
      throw new InvalidRunException(runJson + ": the training did not finish (status 'training': it was interrupted,"
          + " failed or is still running), so there is nothing to reproduce");
    }
    if (record.descriptorHash() == null || record.dataFingerprint() == null || record.checkpoint() == null) {
      throw new InvalidRunException(runJson + ": status '" + record.status().json() + "' but no descriptor hash,"
          + " data fingerprint or checkpoint recorded, so the run cannot be checked");
    }
    return record;
  }

  /** The compared files and every file the record has a SHA-256 for. */
  private static List<String> checkpointFiles(RunRecord record) {
    List<String> names = new ArrayList<>(COMPARED);
    record.checkpoint().files().keySet().stream().filter(n -> !names.contains(n)).sorted().forEach(names::add);
    return names;
  }

  /** The descriptor as read, placed back at the file named in its first line when that is an absolute path. */
  private static Descriptor asTrained(Descriptor read, Path file) throws InvalidRunException {
    String first;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      first = in.readLine();
    } catch (IOException e) {
      throw new InvalidRunException(file + " cannot be read: " + e.getMessage(), e);
    }
    if (first == null || !first.startsWith(RESOLVED_FROM)) {
      return read;
    }
    Path source;
    try {
      source = Path.of(first.substring(RESOLVED_FROM.length()));
    } catch (InvalidPathException e) {
      return read;
    }
    if (!source.isAbsolute()) {
      return read;
    }
    return read.at(source);
  }
}
