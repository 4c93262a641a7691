package org.sae4j.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sae4j.core.run.RunRecord;
import org.sae4j.core.run.RunStatus;
import org.sae4j.store.AtomicFiles;

/**
 * Looks, anywhere under an output directory, for a file or directory that looks complete but is not. Whatever is
 * published under a final name must prove itself, with nothing but the files:
 * <ul>
 *   <li>every {@code run.json} parses, and its status is honest: {@code training} has no metrics and no evaluation
 *       left beside it; {@code trained} and {@code complete} record a checkpoint whose every file has the recorded
 *       SHA-256 and a data set that exists; {@code complete} has metrics measured on that checkpoint and data;</li>
 *   <li>every checkpoint directory ({@code checkpoint/}, {@code checkpoints/step-N/}) has its manifest, and every
 *       file in it is listed there with its size and SHA-256;</li>
 *   <li>every data set directory has its manifest, and every shard and file in it is listed there with its size and
 *       SHA-256; in a data set still being produced ({@code <name>.partial}) every shard under its final name is
 *       recorded as finished, with its SHA-256, in the producer's progress file.</li>
 * </ul>
 * Hidden names ({@code .step-80.partial-…}, {@code .shard-00000.arrow.partial}, locks) are work in progress and
 * claim nothing. The manifests are read as JSON, not through the classes that wrote them.
 */
final class RunDirectoryAudit {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern STEP = Pattern.compile("step-\\d+");
  private static final Pattern SHARD = Pattern.compile("shard-\\d+\\.arrow");
  private static final String MANIFEST = "manifest.json";
  private static final String PROGRESS = ".progress.json";
  private static final String WEIGHTS = "sae_weights.safetensors";

  private final Path output;
  private final List<String> problems = new ArrayList<>();

  private RunDirectoryAudit(Path output) {
    this.output = output;
  }

  /** Every problem found under {@code output}, one sentence each; empty when everything is honest. */
  static List<String> problems(Path output) throws IOException {
    RunDirectoryAudit audit = new RunDirectoryAudit(output);
    audit.run();
    return audit.problems;
  }

  private void run() throws IOException {
    Map<String, Path> dataSets = dataSets();
    List<Path> all;
    try (Stream<Path> paths = Files.walk(output)) {
      all = paths.toList();
    }
    for (Path p : all) {
      String name = p.getFileName().toString();
      if (Files.isRegularFile(p) && name.equals("run.json")) {
        runRecord(p, dataSets);
      } else if (Files.isDirectory(p) && (name.equals("checkpoint")
          || STEP.matcher(name).matches() && p.getParent().getFileName().toString().equals("checkpoints"))) {
        checkpoint(p);
      }
    }
  }

  /** Audits each data set under {@code <output>/data}; returns the complete ones by fingerprint. */
  private Map<String, Path> dataSets() throws IOException {
    Map<String, Path> complete = new HashMap<>();
    Path root = output.resolve("data");
    if (!Files.isDirectory(root)) {
      return complete;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).toList()) {
        String name = dir.getFileName().toString();
        if (name.startsWith(".")) {
          continue; // a data set's lock
        }
        if (name.endsWith(".partial") && !Files.exists(dir.resolve(MANIFEST))) {
          partialDataSet(dir);
        } else {
          String fingerprint = dataSet(dir);
          if (fingerprint != null && !name.endsWith(".partial")) {
            complete.put(fingerprint, dir);
          }
        }
      }
    }
    return complete;
  }

  /** A published data set (or a complete one awaiting publication): returns its fingerprint, or null. */
  private String dataSet(Path dir) throws IOException {
    JsonNode manifest = json(dir.resolve(MANIFEST), "data set " + dir + " has no manifest");
    if (manifest == null) {
      return null;
    }
    Set<String> listed = new HashSet<>();
    for (String section : List.of("shards", "files")) {
      for (JsonNode entry : manifest.path(section)) {
        listed.add(entry.path("file").asText());
        file(dir.resolve(entry.path("file").asText()), entry.path("bytes").asLong(), entry.path("sha256").asText(),
            dir.resolve(MANIFEST));
      }
    }
    for (Path shard : shards(dir)) {
      if (!listed.contains(shard.getFileName().toString())) {
        problems.add("shard " + shard + " is not listed in " + dir.resolve(MANIFEST));
      }
    }
    return manifest.path("fingerprint").asText(null);
  }

  /** A data set being produced: a finished-looking shard must be recorded as finished. */
  private void partialDataSet(Path dir) throws IOException {
    Map<String, JsonNode> finished = new HashMap<>();
    Path progress = dir.resolve(PROGRESS);
    if (Files.exists(progress)) {
      JsonNode root = json(progress, "progress file " + progress + " is unreadable");
      if (root != null) {
        root.path("shards").forEach(s -> finished.put(s.path("file").asText(), s));
      }
    }
    for (Path shard : shards(dir)) {
      JsonNode entry = finished.get(shard.getFileName().toString());
      if (entry == null) {
        problems.add("shard " + shard + " has its final name but " + progress + " does not record it as finished");
      } else {
        file(shard, entry.path("bytes").asLong(), entry.path("sha256").asText(), progress);
      }
    }
  }

  /** A checkpoint set: its manifest, and each of its files listed there and intact. */
  private void checkpoint(Path dir) throws IOException {
    Path manifestFile = dir.resolve(MANIFEST);
    JsonNode manifest = json(manifestFile, "checkpoint " + dir + " has no manifest");
    if (manifest == null) {
      return;
    }
    JsonNode files = manifest.path("files");
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path file : entries.toList()) {
        String name = file.getFileName().toString();
        if (!name.equals(MANIFEST) && !files.has(name)) {
          problems.add("checkpoint file " + file + " is not listed in " + manifestFile);
        }
      }
    }
    files.properties().forEach(e -> {
      try {
        file(dir.resolve(e.getKey()), e.getValue().path("bytes").asLong(), e.getValue().path("sha256").asText(),
            manifestFile);
      } catch (IOException ex) {
        problems.add(dir.resolve(e.getKey()) + " cannot be read: " + ex);
      }
    });
  }

  /** A run record: parses, and says no more than the files around it prove. */
  private void runRecord(Path file, Map<String, Path> dataSets) throws IOException {
    RunRecord run;
    try {
      run = RunRecord.read(file);
    } catch (IOException e) {
      problems.add(file + " does not parse: " + e.getMessage());
      return;
    }
    Path dir = file.getParent();
    if (run.status() == null) {
      problems.add(file + " has no status");
      return;
    }
    if (run.status() == RunStatus.TRAINING || run.status() == RunStatus.TRAINED) {
      if (run.metrics() != null || run.evaluation() != null) {
        problems.add(file + " has status " + run.status().json() + " but carries metrics");
      }
      for (String stale : List.of("evaluation.json", "analysis")) {
        if (Files.exists(dir.resolve(stale))) {
          problems.add(file + " has status " + run.status().json() + " but " + stale + " is still beside it");
        }
      }
    }
    if (run.status() == RunStatus.TRAINING) {
      return;
    }
    if (run.checkpoint() == null || run.checkpoint().files() == null || run.dataFingerprint() == null) {
      problems.add(file + " has status " + run.status().json() + " but records no checkpoint files or data");
      return;
    }
    for (Map.Entry<String, String> e : run.checkpoint().files().entrySet()) {
      Path f = dir.resolve("checkpoint").resolve(e.getKey());
      if (!Files.isRegularFile(f)) {
        problems.add(file + " records checkpoint file " + f + ", which does not exist");
      } else if (!AtomicFiles.sha256(f).equals(e.getValue())) {
        problems.add(file + " records SHA-256 " + e.getValue() + " for " + f + ", which has " + AtomicFiles.sha256(f));
      }
    }
    if (!run.checkpoint().sha256().equals(run.checkpoint().files().get(WEIGHTS))) {
      problems.add(file + ": checkpoint.sha256 is not the recorded SHA-256 of " + WEIGHTS);
    }
    if (!dataSets.containsKey(run.dataFingerprint())) {
      problems.add(file + " was trained on data " + run.dataFingerprint() + ", which no complete data set has");
    }
    if (run.status() == RunStatus.COMPLETE) {
      if (run.metrics() == null || run.evaluation() == null || !Files.exists(dir.resolve("evaluation.json"))) {
        problems.add(file + " is complete without metrics, evaluation or evaluation.json");
      } else if (!run.checkpoint().sha256().equals(run.evaluation().checkpointSha256())
          || !run.dataFingerprint().equals(run.evaluation().dataFingerprint())) {
        problems.add(file + " is complete with metrics of another checkpoint or data set");
      }
    }
  }

  /** A listed file: present, of the recorded size and SHA-256. */
  private void file(Path file, long bytes, String sha256, Path listedIn) throws IOException {
    if (!Files.isRegularFile(file)) {
      problems.add(file + " is listed in " + listedIn + " but does not exist");
    } else if (Files.size(file) != bytes) {
      problems.add(file + " has " + Files.size(file) + " bytes, " + listedIn + " says " + bytes);
    } else if (!AtomicFiles.sha256(file).equals(sha256)) {
      problems.add(file + " has SHA-256 " + AtomicFiles.sha256(file) + ", " + listedIn + " says " + sha256);
    }
  }

  /** The JSON in {@code file}, or null after recording {@code missing} (or why it does not parse). */
  private JsonNode json(Path file, String missing) {
    if (!Files.isRegularFile(file)) {
      problems.add(missing);
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      problems.add(file + " is not valid JSON: " + e.getMessage());
      return null;
    }
  }

  /** The files under a final shard name in {@code dir}. */
  private static List<Path> shards(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> SHARD.matcher(f.getFileName().toString()).matches()).sorted().toList();
    }
  }
}
