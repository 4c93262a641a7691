package org.sae4j.core.analysis.completeness;

import java.util.Arrays;

/**
 * Two counters per (feature, word) pair in an open-addressing table of primitives: how many occurrences of the word
 * the feature fired on, and on how many of the word's tokens it fired. Memory grows with the number of distinct
 * pairs seen (about 32 bytes each), not with the number of tokens.
 */
final class PairCounts {
  private static final long EMPTY = -1L;
  private long[] keys;
  private int[] occurrences;
  private int[] tokens;
  private int size;

  PairCounts() {
    allocate(1 << 16);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    occurrences = new int[capacity];
    tokens = new int[capacity];
    size = 0;
  }

  static long key(int feature, int word) {
    return ((long) feature << 32) | (word & 0xFFFFFFFFL);
  }

  static int feature(long key) {
    return (int) (key >>> 32);
  }

  static int word(long key) {
    return (int) key;
  }

  /** Adds one occurrence of {@code word} on which {@code feature} fired on {@code firedTokens} of its tokens. */
  void add(int feature, int word, int firedTokens) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int slot = slot(key(feature, word));
    if (keys[slot] == EMPTY) {
      keys[slot] = key(feature, word);
      size++;
    }
    occurrences[slot]++;
    tokens[slot] += firedTokens;
  }

  private int slot(long key) {
    int mask = keys.length - 1;
    int slot = (int) mix(key) & mask;
    while (keys[slot] != EMPTY && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldOcc = occurrences;
    int[] oldTok = tokens;
    allocate(oldKeys.length * 2);
    for (int s = 0; s < oldKeys.length; s++) {
      if (oldKeys[s] != EMPTY) {
        int slot = slot(oldKeys[s]);
        keys[slot] = oldKeys[s];
        occurrences[slot] = oldOcc[s];
        tokens[slot] = oldTok[s];
        size++;
      }
    }
  }

  int size() {
    return size;
  }

  /** Visits every pair. */
  void forEach(Visitor visitor) {
    for (int s = 0; s < keys.length; s++) {
      if (keys[s] != EMPTY) {
        visitor.visit(feature(keys[s]), word(keys[s]), occurrences[s], tokens[s]);
      }
    }
  }

  @FunctionalInterface
  interface Visitor {
    void visit(int feature, int word, int occurrences, int tokens);
  }
}
