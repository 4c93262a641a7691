package org.sae4j.core.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.sae4j.core.data.PreparedData;
import org.sae4j.core.descriptor.Descriptor;
import org.sae4j.core.descriptor.HarvestData;
import org.sae4j.core.run.RunLayout;
import org.sae4j.core.run.RunRecord;
import org.sae4j.harvest.EncoderModel;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TransformerModel;

/**
 * What an analysis runs on: a finished, verified run (its descriptor, record and layout), the trained dictionary,
 * and, loaded when first asked for and shared by every analysis of the session, the data set, the model and the top
 * contexts that the evaluation recorded. Closing frees what was loaded here.
 */
public final class AnalysisInputs implements AutoCloseable {
  static final ObjectMapper JSON = JsonMapper.builder().build();

  private final Descriptor descriptor;
  private final RunLayout layout;
  private final RunRecord run;
  private final Dictionary dictionary;
  private final DataSource dataSource;
  private final Consumer<String> log;
  private PreparedData data;
  private boolean ownsData;
  private TransformerModel model;
  private TopContextsData topContexts;

  /** Opens the run's data set on first use. */
  @FunctionalInterface
  public interface DataSource {
    PreparedData open() throws IOException;
  }

  /**
   * @param run the run's record, verified for what the analyses need
   * @param dictionary the trained SAE; not owned
   * @param data the data set when it is open already (not owned then), else null
   * @param dataSource opens the data set when {@code data} is null and an analysis asks for it (owned then)
   */
  public AnalysisInputs(Descriptor descriptor, RunLayout layout, RunRecord run, Dictionary dictionary,
                        PreparedData data, DataSource dataSource, Consumer<String> log) {
    this.descriptor = descriptor;
    this.layout = layout;
    this.run = run;
    this.dictionary = dictionary;
    this.data = data;
    this.dataSource = dataSource;
    this.log = log;
  }

  public Descriptor descriptor() {
    return descriptor;
  }

  public RunLayout layout() {
    return layout;
  }

  public RunRecord run() {
    return run;
  }

  public Dictionary dictionary() {
    return dictionary;
  }

  /** Receives progress lines; lines starting with {@code WARN } are warnings. */
  public Consumer<String> log() {
    return log;
  }

  /** The run's data set, opened and verified on first use. */
  public PreparedData data() throws IOException {
    if (data == null) {
      data = dataSource.open();
      ownsData = true;
    }
    return data;
  }

  /**
   * The harvest the run was trained on.
   *
   * @throws IllegalStateException naming the run's data source when it is not a harvest
   */
  public HarvestData harvest() {
    if (!(descriptor.data() instanceof HarvestData h)) {
      throw new IllegalStateException(descriptor.name() + " was trained on data.source " + descriptor.data().source()
          + ", which has no model to run: this needs data.source harvest");
    }
    return h;
  }

  /** The model the run's activations come from, loaded on first use. */
  public TransformerModel model() throws IOException {
    if (model == null) {
      HarvestData h = harvest();
      log.accept("loading model " + h.model());
      model = EncoderModel.load(h.model());
    }
    return model;
  }

  /** The hook the dictionary was trained at. */
  public HookPoint hook() throws IOException {
    return model().hook(harvest().hook());
  }

  /**
   * The top contexts the evaluation recorded ({@code analysis/topContexts/topContexts.json}).
   *
   * @throws IOException naming the file and what to run when it is missing
   */
  public TopContextsData topContexts() throws IOException {
    if (topContexts == null) {
      Path file = AnalysisOutputs.figures(layout, TopContextsAnalysis.NAME);
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + " does not exist: the top contexts come from evaluating a harvested run; run "
            + "sae:evaluate (CLI: evaluate) first");
      }
      topContexts = JSON.readValue(file.toFile(), TopContextsData.class);
    }
    return topContexts;
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    }
    if (ownsData && data != null) {
      data.close();
    }
  }
}
