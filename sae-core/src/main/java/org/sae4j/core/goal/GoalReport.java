package org.sae4j.core.goal;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdicts on every goal of one experiment.
 *
 * @param experiment the descriptor's name
 * @param outcomes one per goal, in the descriptor's order
 */
public record GoalReport(String experiment, List<GoalOutcome> outcomes) {

  public GoalReport {
    outcomes = List.copyOf(outcomes);
  }

  /** Whether every goal is met (true when there are none). */
  public boolean passed() {
    return outcomes.stream().allMatch(GoalOutcome::passed);
  }

  /** The missed goals, in order. */
  public List<GoalOutcome> failures() {
    return outcomes.stream().filter(o -> !o.passed()).toList();
  }

  /** One line: {@code quickstart: 3 of 4 goals met} or {@code quickstart: all 4 goals met}. */
  public String summary() {
    int met = outcomes.size() - failures().size();
    return experiment + ": " + (met == outcomes.size() ? "all " + met : met + " of " + outcomes.size()) + " goal"
        + (outcomes.size() == 1 ? "" : "s") + " met";
  }

  /**
   * An aligned text table with the columns metric, goal, value and result ({@code PASS}/{@code FAIL}), a header
   * and a rule under it; lines end with {@code \n}.
   */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"metric", "goal", "value", "result"});
    for (GoalOutcome o : outcomes) {
      rows.add(new String[] {o.goal().metric(), o.goal().op().symbol() + " " + GoalFormat.threshold(o.goal()),
          o.shownValue(), o.passed() ? "PASS" : "FAIL"});
    }
    int[] width = new int[4];
    for (String[] r : rows) {
      for (int c = 0; c < 4; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      appendRow(s, rows.get(i), width);
      if (i == 0) {
        appendRow(s, new String[] {"-".repeat(width[0]), "-".repeat(width[1]), "-".repeat(width[2]),
            "-".repeat(width[3])}, width);
      }
    }
    return s.toString();
  }

  private static void appendRow(StringBuilder s, String[] row, int[] width) {
    for (int c = 0; c < row.length; c++) {
      s.append(row[c]);
      if (c < row.length - 1) {
        s.append(" ".repeat(width[c] - row[c].length() + 2));
      }
    }
    s.append('\n');
  }
}
