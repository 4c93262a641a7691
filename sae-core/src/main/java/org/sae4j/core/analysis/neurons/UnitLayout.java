package org.sae4j.core.analysis.neurons;

import java.util.List;

/**
 * The model units a dictionary is compared with, as consecutive groups of one activation vector per token: e.g. the
 * FFN neurons (GELU outputs) of blocks 0..3, then the residual-stream dimensions at the hook.
 *
 * @param groups the groups in the order their values appear in a token's unit vector
 */
public record UnitLayout(List<Group> groups) {

  /**
   * One group of units.
   *
   * @param name the group's name, e.g. {@code blocks.2.ffn} or {@code blocks.3.resid_post}
   * @param width how many units it has
   */
  public record Group(String name, int width) {
    public Group {
      if (width < 1) {
        throw new IllegalArgumentException("unit group " + name + " must have at least one unit, got " + width);
      }
    }
  }

  public UnitLayout {
    groups = List.copyOf(groups);
    if (groups.isEmpty()) {
      throw new IllegalArgumentException("a unit layout needs at least one group");
    }
  }

  /** All units. */
  public int units() {
    return groups.stream().mapToInt(Group::width).sum();
  }

  /** The group unit {@code j} belongs to. */
  public Group groupOf(int j) {
    return groups.get(groupIndex(j));
  }

  /** The index of the group unit {@code j} belongs to. */
  public int groupIndex(int j) {
    int first = 0;
    for (int g = 0; g < groups.size(); g++) {
      if (j < first + groups.get(g).width()) {
        return g;
      }
      first += groups.get(g).width();
    }
    throw new IndexOutOfBoundsException("unit " + j + " is outside the layout's " + units() + " units");
  }

  /** A readable name of unit {@code j}: its group and its index within it, e.g. {@code blocks.2.ffn[517]}. */
  public String name(int j) {
    int first = 0;
    for (Group g : groups) {
      if (j < first + g.width()) {
        return g.name() + "[" + (j - first) + "]";
      }
      first += g.width();
    }
    throw new IndexOutOfBoundsException("unit " + j + " is outside the layout's " + units() + " units");
  }
}
