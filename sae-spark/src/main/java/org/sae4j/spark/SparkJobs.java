package org.sae4j.spark;

import org.apache.spark.SparkConf;

/** The Spark configuration the sweep's runners share. */
final class SparkJobs {

  private SparkJobs() {
  }

  /**
   * The user's configuration ({@code spark-submit}, {@code -Dspark.*}) with defaults: without a {@code spark.master},
   * local mode with {@code localCores} cores, bound to the loopback address and without the web UI.
   *
   * @param localCores cores of local mode: the sweep's threads
   * @param taskCpus cores each task takes ({@code spark.task.cpus}) unless the user set it
   */
  static SparkConf conf(String appName, int localCores, int taskCpus) {
    SparkConf conf = new SparkConf(true).setAppName(appName);
    if (!conf.contains("spark.master")) {
      conf.setMaster("local[" + localCores + "]")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.driver.bindAddress", "127.0.0.1")
          .set("spark.ui.enabled", "false");
    }
    conf.setIfMissing("spark.task.cpus", Integer.toString(taskCpus));
    // a task can run for hours; it must not be started again elsewhere while it is merely slow
    conf.setIfMissing("spark.speculation", "false");
    return conf;
  }
}
