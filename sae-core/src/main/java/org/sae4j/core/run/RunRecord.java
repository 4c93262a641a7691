package org.sae4j.core.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import org.sae4j.core.Version;
import org.sae4j.store.AtomicFiles;

/**
 * {@code run.json}: what ran, on what, from which data, how far it got, and what came out. One typed record,
 * serialised by Jackson; each stage rewrites it whole and atomically: {@code train} first with status
 * {@link RunStatus#TRAINING} (so the previous run's results are invalid before any work starts), then
 * {@link RunStatus#TRAINED} with the checkpoint's SHA-256s; {@code evaluate} first drops the old metrics, then
 * writes them with status {@link RunStatus#COMPLETE}. {@link RunVerification} decides whether a record can be
 * trusted.
 *
 * @param format {@value #FORMAT}; a record of another format is not trusted
 * @param name the experiment name
 * @param status how far the run got
 * @param descriptorHash the canonical hash of the descriptor the run was trained from
 * @param seed the run seed
 * @param backend the backend that trained (null until trained)
 * @param device the backend's device
 * @param threads backend worker threads
 * @param dataFingerprint the fingerprint of the data set trained on
 * @param data the data set's shape and split
 * @param inputScale the input scale s
 * @param training the optimisation's figures
 * @param checkpoint the checkpoint and its files' SHA-256
 * @param versions the software and CPU that trained
 * @param startedAt when training started (ISO-8601)
 * @param finishedAt when training finished
 * @param evaluation the evaluation's provenance (null until evaluated)
 * @param metrics the evaluation's metrics (null until evaluated)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(String format, String name, RunStatus status, String descriptorHash, long seed,
                        String backend, String device, Integer threads, String dataFingerprint, DataInfo data,
                        Double inputScale, TrainingInfo training, CheckpointInfo checkpoint, Versions versions,
                        String startedAt, String finishedAt, EvaluationInfo evaluation, Metrics metrics) {
  /** The current format of run.json. */
  public static final String FORMAT = "sae4j-run-2";

  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  public RunRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
  }

  /**
   * The record written when training starts: the experiment's identity and status {@link RunStatus#TRAINING},
   * nothing else, so no earlier result of this run directory survives.
   */
  public static RunRecord trainingStarted(String name, String descriptorHash, long seed, Instant startedAt) {
    return new RunRecord(FORMAT, name, RunStatus.TRAINING, descriptorHash, seed, null, null, null, null, null,
        null, null, null, Versions.current(), startedAt.toString(), null, null, null);
  }

  /** This record with training finished. */
  public RunRecord trained(String backend, String device, int threads, String dataFingerprint, DataInfo data,
                           double inputScale, TrainingInfo training, CheckpointInfo checkpoint, Instant finishedAt) {
    return new RunRecord(format, name, RunStatus.TRAINED, descriptorHash, seed, backend, device, threads,
        dataFingerprint, data, inputScale, training, checkpoint, versions, startedAt, finishedAt.toString(), null,
        null);
  }

  /** This record without an evaluation: written when an evaluation starts, so a killed one leaves no metrics. */
  public RunRecord evaluationStarted() {
    return new RunRecord(format, name, RunStatus.TRAINED, descriptorHash, seed, backend, device, threads,
        dataFingerprint, data, inputScale, training, checkpoint, versions, startedAt, finishedAt, null, null);
  }

  /** This record, complete: evaluated with {@code metrics}. */
  public RunRecord evaluated(EvaluationInfo evaluation, Metrics metrics) {
    return new RunRecord(format, name, RunStatus.COMPLETE, descriptorHash, seed, backend, device, threads,
        dataFingerprint, data, inputScale, training, checkpoint, versions, startedAt, finishedAt, evaluation,
        metrics);
  }

  /**
   * Reads {@code file}.
   *
   * @throws IOException naming the file when it is missing (with what to run first) or not a run record
   */
  public static RunRecord read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new StaleRunException(file + " does not exist: train the experiment first (sae:train, or the CLI's"
          + " train)");
    }
    try {
      return JSON.readValue(file.toFile(), RunRecord.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new StaleRunException(file + " is not a run record of this sae4j (" + e.getMessage().lines().findFirst()
          .orElse("") + "): train the experiment again", e);
    }
  }

  /** Writes the record atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(this));
  }

  /** Serialises any value with run.json's settings (for evaluation.json). */
  public static void writeJson(Path file, Object value) throws IOException {
    AtomicFiles.write(file, JSON.writeValueAsBytes(value));
  }

  /**
   * The data set trained on.
   *
   * @param directory where it lives
   * @param rows all rows
   * @param dim n
   * @param trainRows rows one epoch used
   * @param evalRows held-out rows
   */
  public record DataInfo(String directory, long rows, int dim, long trainRows, long evalRows) {
  }

  /**
   * The optimisation's figures.
   *
   * @param steps optimisation steps
   * @param tokens tokens seen
   * @param seconds wall time of the training loop (of this process, when resumed)
   * @param tokensPerSecond throughput
   * @param finalLoss loss of the last step (scaled space)
   * @param finalMse MSE of the last step (scaled space)
   * @param finalL0 L0 of the last step
   * @param resumedFromStep the step of the periodic checkpoint this training resumed from, 0 when it started afresh
   */
  public record TrainingInfo(long steps, long tokens, double seconds, double tokensPerSecond, double finalLoss,
                             double finalMse, double finalL0, long resumedFromStep) {
  }

  /**
   * The checkpoint directory and the SHA-256 of each of its files, checked before the checkpoint is used.
   *
   * @param path the checkpoint directory
   * @param sha256 the SHA-256 of the exported weights ({@code sae_weights.safetensors})
   * @param files file name → SHA-256, for every file of the checkpoint
   */
  public record CheckpointInfo(String path, String sha256, Map<String, String> files) {
    public CheckpointInfo {
      files = Map.copyOf(files);
    }
  }

  /**
   * What trained: the versions and the CPU's vector width, which explain a difference when a run is reproduced.
   *
   * @param sae4j sae4j's version
   * @param java the Java version
   * @param jvm the JVM's name and version
   * @param os the operating system and architecture
   * @param cpuCores available processors
   * @param vectorBits the Vector API's preferred vector width in bits (after {@code -XX:MaxVectorSize})
   */
  public record Versions(String sae4j, String java, String jvm, String os, int cpuCores, int vectorBits) {
    /** The running JVM's. */
    public static Versions current() {
      return new Versions(Version.current(), System.getProperty("java.version"),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"),
          Runtime.getRuntime().availableProcessors(), FloatVector.SPECIES_PREFERRED.vectorBitSize());
    }
  }

  /**
   * What was evaluated: the metrics belong to this checkpoint and this data.
   *
   * @param tokens held-out tokens evaluated
   * @param seconds wall time
   * @param finishedAt when it finished
   * @param checkpointSha256 the SHA-256 of the evaluated weights
   * @param dataFingerprint the fingerprint of the evaluated data set
   */
  public record EvaluationInfo(long tokens, double seconds, String finishedAt, String checkpointSha256,
                               String dataFingerprint) {
  }
}
