package org.sae4j.core.cli;

import java.util.List;
import java.util.function.Predicate;
import org.sae4j.core.cli.FaultInjectionSuiteTest.Experiment;
import org.sae4j.store.FaultInjection;

/**
 * One case of the fault-injection suite: an experiment, the stages run to the end first, the engine command that is
 * killed (once or several times in a row), what {@code check} must answer after each kill, and what the rerun without a
 * fault must print.
 *
 * @param name what happens, in words: the case's name in the report
 * @param experiment the descriptor the case starts with
 * @param before stages run to the end before the kill (in the test's JVM)
 * @param command the engine command that is killed, then run again
 * @param faults how the command is killed, one run per fault
 * @param checkSays part of {@code check}'s error after each kill; null when the run must still pass {@code check}
 *     (a killed {@code reproduce} leaves the run it reproduces untouched)
 * @param rerunAs the descriptor of the rerun and of everything after it (usually {@code experiment})
 * @param rerunSays lines the rerun must print (part of each): where it resumed, or that it started afresh
 */
record FaultScenario(String name, Experiment experiment, List<String> before, String command, List<Fault> faults,
                     String checkSays, Experiment rerunAs, List<String> rerunSays) {

  /** A case that kills {@code command} of {@code experiment}, from an empty output directory. */
  static FaultScenario kill(String name, Experiment experiment, String command, Fault... faults) {
    return new FaultScenario(name, experiment, List.of(), command, List.of(faults), null, experiment, List.of());
  }

  /** The same case after {@code stages} ran to the end. */
  FaultScenario after(String... stages) {
    return new FaultScenario(name, experiment, List.of(stages), command, faults, checkSays, rerunAs, rerunSays);
  }

  /** The same case, where {@code check} must say {@code reason} after each kill. */
  FaultScenario checkSays(String reason) {
    return new FaultScenario(name, experiment, before, command, faults, reason, rerunAs, rerunSays);
  }

  /** The same case, whose rerun must print {@code lines}. */
  FaultScenario rerunSays(String... lines) {
    return new FaultScenario(name, experiment, before, command, faults, checkSays, rerunAs, List.of(lines));
  }

  /** The same case, rerun from another descriptor. */
  FaultScenario rerunAs(Experiment changed) {
    return new FaultScenario(name, experiment, before, command, faults, checkSays, changed, rerunSays);
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * How a command is killed.
   *
   * @param jvmOptions options of the engine JVM (the armed fault point)
   * @param killAfter the engine gets a SIGKILL right after printing a line this accepts
   * @param landed part of a line the killed engine printed, showing that the kill happened where intended
   */
  record Fault(List<String> jvmOptions, Predicate<String> killAfter, String landed) {
    /** No fault: the command runs to its end. */
    static final Fault NONE = new Fault(List.of(), line -> false, null);

    /** Halts the engine (as SIGKILL would) at the {@code pass}-th pass of fault point {@code point}. */
    static Fault at(String point, int pass) {
      return new Fault(List.of("-D" + FaultInjection.PROPERTY + "=" + point + ":" + pass), line -> false,
          "FAULT injected at " + point + " (pass " + pass + ")");
    }

    /** Kills the engine with a real SIGKILL as soon as it has printed a line starting with {@code line}. */
    static Fault sigkillAfter(String line) {
      return new Fault(List.of(), printed -> printed.startsWith(line), line);
    }
  }
}
