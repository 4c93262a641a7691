package org.sae4j.core.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.incubator.vector.FloatVector;
import org.sae4j.core.Version;
import org.sae4j.core.checkpoint.Checkpoint;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.DescriptorReader;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunRecord;

/**
 * What a finished run directory says about itself: its resolved descriptor, what {@code run.json} recorded and
 * where its checkpoint files are. This is the one place that knows today's layout of {@code run.json} and of the
 * checkpoint, so that a change to either is followed here.
 *
 * @param directory the run directory, absolute
 * @param descriptor the descriptor it was trained from (see {@link #read})
 * @param descriptorHash the recorded descriptor hash
 * @param dataFingerprint the recorded fingerprint of the training data
 * @param checkpointSha256 recorded SHA-256 by checkpoint file name, for the files run.json records one for
 * @param backend the backend it trained on, or {@value #NOT_RECORDED}
 * @param device the device it trained on, or {@value #NOT_RECORDED}
 * @param versions the recorded {@code versions} (sae4j, Java, JVM, OS, ...), in record order
 */
public record RecordedRun(Path directory, Descriptor descriptor, String descriptorHash, String dataFingerprint,
                          Map<String, String> checkpointSha256, String backend, String device,
                          Map<String, String> versions) {
  /** Shown for a value the run did not record. */
  public static final String NOT_RECORDED = "not recorded";
  /** The key of the CPU's vector width among the versions. */
  public static final String VECTOR_BITS = "vectorBits";
  /** The checkpoint files that must be bit-identical, in the order they are compared. */
  public static final List<String> COMPARED = List.of(Checkpoint.STATE, Checkpoint.WEIGHTS);
  /** The first line of a resolved descriptor (see {@code DescriptorHash.resolvedYaml}) names its source file. */
  private static final String RESOLVED_FROM = "# resolved from ";

  public RecordedRun {
    checkpointSha256 = Collections.unmodifiableMap(new LinkedHashMap<>(checkpointSha256));
    versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
  }

  /**
   * Reads a run directory.
   *
   * <p>The descriptor is read from the run's resolved {@code descriptor.yaml}, whose paths are absolute, and is then
   * placed back at the file it was resolved from (named in its first line): the descriptor hash and the data set's
   * directory are computed from paths relative to the descriptor's directory, so this gives the values training
   * computed, wherever the run directory is now.
   *
   * @throws InvalidRunException naming the path when the directory, run.json (or one of its keys), the descriptor or
   *     a checkpoint file is missing or unreadable
   * @throws DescriptorException when the resolved descriptor is not a valid descriptor
   */
  public static RecordedRun read(Path directory) throws InvalidRunException, DescriptorException {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidRunException(dir + " is not a run directory: it does not exist"
          + (Files.exists(dir) ? " as a directory" : "") + "; pass the directory sae:train wrote (target/sae/<name>)");
    }
    RunLayout layout = layout(dir);
    RunRecord run;
    try {
      run = RunRecord.read(layout.runJson());
    } catch (IOException e) {
      throw new InvalidRunException(e.getMessage(), e);
    }
    Path descriptorFile = layout.resolvedDescriptor();
    if (!Files.isRegularFile(descriptorFile)) {
      throw new InvalidRunException(descriptorFile + " does not exist: a run directory holds the resolved descriptor"
          + " its training wrote");
    }
    for (String name : COMPARED) {
      Path file = checkpointFile(dir, name);
      if (!Files.isRegularFile(file)) {
        throw new InvalidRunException("checkpoint file " + file + " does not exist: the run has no checkpoint to"
            + " reproduce");
      }
    }
    Map<String, String> sha = Map.of(Checkpoint.WEIGHTS, required(run, layout.runJson(), "checkpoint", "sha256"));
    Map<String, String> versions = new LinkedHashMap<>();
    run.root().path("versions").properties().forEach(e -> versions.put(e.getKey(), e.getValue().asText()));
    return new RecordedRun(dir, asTrained(DescriptorReader.read(descriptorFile), descriptorFile),
        required(run, layout.runJson(), "descriptorHash"), required(run, layout.runJson(), "dataFingerprint"), sha,
        optional(run, "backend"), optional(run, "device"), versions);
  }

  /** The file called {@code name} of the checkpoint in run directory {@code runDirectory}. */
  public static Path checkpointFile(Path runDirectory, String name) {
    return layout(runDirectory).checkpoint().resolve(name);
  }

  /** Where training found or put the data set: the data root beside the run directory. */
  public Path dataRoot() {
    return layout(directory).dataRoot();
  }

  /**
   * This JVM's values for the keys training records under {@code versions}, plus the CPU's preferred vector width
   * ({@value #VECTOR_BITS}), which the JVM backend's arithmetic follows.
   */
  public static Map<String, String> currentVersions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("sae4j", Version.current());
    v.put("java", System.getProperty("java.version"));
    v.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    v.put(VECTOR_BITS, Integer.toString(FloatVector.SPECIES_PREFERRED.vectorBitSize()));
    return v;
  }

  private static RunLayout layout(Path runDirectory) {
    return new RunLayout(runDirectory.getParent(), runDirectory.getFileName().toString());
  }

  private static String required(RunRecord run, Path file, String... keys) throws InvalidRunException {
    JsonNode node = run.root();
    for (String key : keys) {
      node = node.path(key);
    }
    if (!node.isTextual() || node.asText().isEmpty()) {
      throw new InvalidRunException(file + ": " + String.join(".", keys) + " is missing or not a string, so the run"
          + " cannot be checked; a finished training records it");
    }
    return node.asText();
  }

  private static String optional(RunRecord run, String key) {
    String value = run.text(key);
    return value == null ? NOT_RECORDED : value;
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
    return new Descriptor(source, read.name(), read.description(), read.seed(), read.backend(), read.data(),
        read.sae(), read.training(), read.evaluation(), read.goals());
  }
}
