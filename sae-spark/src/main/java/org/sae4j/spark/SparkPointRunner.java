package org.sae4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.sae4j.core.descriptor.DescriptorException;
import org.sae4j.core.descriptor.SweepDescriptor;
import org.sae4j.core.descriptor.SweepPoint;
import org.sae4j.core.descriptor.SweepReader;
import org.sae4j.sweep.PointRunner;
import org.sae4j.sweep.PointTraining;
import org.sae4j.sweep.SweepLayout;
import org.sae4j.sweep.Tasks;

/**
 * {@code sweep.runner: spark}: each point is one Spark task that trains and evaluates it with
 * {@link PointTraining} on an executor, with a thread budget ({@code spark.task.cpus} = the point's backend threads,
 * so an executor runs only as many points at once as it has cores for). Executors read the sweep descriptor, the
 * data set and write the run directories under paths they all see (the driver's paths: on a cluster, a shared
 * filesystem); the driver collects each task's result and the sweep then verifies every run directory as it does
 * for the local runner. The same points give the same bits as the local runner: the training is the same code with
 * the same descriptor, data and seed.
 *
 * <p>Without a {@code spark.master} (set by {@code spark-submit}, or {@code -Dspark.master}) it starts Spark's local
 * mode with {@code sweep.parallel × threads per point} cores, bound to the loopback address.
 */
public final class SparkPointRunner implements PointRunner {

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public void run(Job job, List<SweepPoint> points, Consumer<SweepPoint> finished) throws IOException {
    if (points.isEmpty()) {
      return;
    }
    SparkConf conf = SparkJobs.conf("sae4j sweep " + job.sweep().name(), job.parallel() * job.threadsPerPoint(),
        job.threadsPerPoint());
    job.log().accept("spark: master " + conf.get("spark.master") + ", " + points.size() + " point task(s), "
        + conf.get("spark.task.cpus") + " core(s) each");
    try (JavaSparkContext spark = new JavaSparkContext(conf)) {
      // one Spark job per point, submitted from parallel driver threads: each finished point is reported at once
      Tasks.each(job.parallel(), points, p -> {
        PointTask task = new PointTask(job.sweep().file().toString(), p.id(), p.descriptor().backend(),
            job.layout().output().toString(), job.threadsPerPoint());
        spark.setJobDescription("sae4j point " + p.id());
        try {
          spark.parallelize(List.of(task), 1).map(new Train()).collect();
        } catch (RuntimeException e) {
          throw new IOException("the Spark task of point " + p.id() + " failed: " + e.getMessage(), e);
        }
        finished.accept(p);
      });
    }
  }

  /** What an executor needs to find and train one point: plain strings, so that it serialises. */
  record PointTask(String sweepFile, String id, String backend, String output, int threads) implements Serializable {
  }

  /** Runs on an executor: reads the sweep, trains and evaluates the point, returns its id. */
  static final class Train implements Function<PointTask, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(PointTask t) throws IOException, DescriptorException {
      SweepDescriptor sweep = SweepReader.read(Path.of(t.sweepFile())).withBackend(t.backend(), "the driver");
      SweepPoint point = sweep.point(t.id());
      if (point == null) {
        throw new IllegalStateException(t.sweepFile() + " has no point " + t.id() + " any more: it changed while the"
            + " sweep ran");
      }
      PointTraining.run(new SweepLayout(Path.of(t.output()), sweep.name()), point, t.threads(), line -> {
        System.out.println(line);
        System.out.flush();
      });
      return t.id();
    }
  }
}
