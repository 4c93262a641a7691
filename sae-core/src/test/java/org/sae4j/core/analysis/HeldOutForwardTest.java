package org.sae4j.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sae4j.harvest.HookGradient;
import org.sae4j.harvest.HookPass;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.HookRows;
import org.sae4j.harvest.ModelSpec;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;
import org.sae4j.harvest.TransformerModel.Replacement;

/** The session's one clean forward: windows asked for by several analyses run once, each sees its own in order. */
class HeldOutForwardTest {

  private static final HookPoint HOOK = HookPoint.residPost(1);

  /** A model whose "units" of a token are its window's sequence and position, and whose embedding is its sequence. */
  private static final class CountingModel implements TransformerModel {
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public HookPass pass(List<TokenWindow> windows, HookPoint hook, boolean units, List<Replacement> continuations) {
      batchSizes.add(windows.size());
      int count = windows.stream().mapToInt(TokenWindow::contentLength).sum();
      int width = units ? 2 : 1;
      float[] rows = new float[count * width];
      int[] ids = new int[count];
      long[] sequences = new long[count];
      int[] positions = new int[count];
      int r = 0;
      for (TokenWindow w : windows) {
        runs.computeIfAbsent(w.sequence() + "/" + w.contentLength(), k -> new AtomicInteger()).incrementAndGet();
        for (int p = 1; p <= w.contentLength(); p++, r++) {
          rows[r * width] = w.sequence();
          if (units) {
            rows[r * width + 1] = p;
          }
          ids[r] = w.ids()[p];
          sequences[r] = w.sequence();
          positions[r] = p;
        }
      }
      float[][][] pooled = new float[continuations.size()][windows.size()][];
      for (int c = 0; c < continuations.size(); c++) {
        for (int w = 0; w < windows.size(); w++) {
          float[] hookRow = {windows.get(w).sequence()};
          pooled[c][w] = continuations.get(c).replace(0, windows.size(), hookRow);
        }
      }
      return new HookPass(new HookRows(rows, width, ids, sequences, positions), pooled);
    }

    // Nothing else is used by the forward.
    @Override public ModelSpec spec() { throw new UnsupportedOperationException(); }
    @Override public HookPoint hook(String name) { throw new UnsupportedOperationException(); }
    @Override public TokenWindow tokenise(long sequence, String text) { throw new UnsupportedOperationException(); }
    @Override public TokenWindow window(long sequence, int[] contentIds) { throw new UnsupportedOperationException(); }
    @Override public String token(int id) { throw new UnsupportedOperationException(); }
    @Override public HookRows read(List<TokenWindow> windows, HookPoint hook) { throw new UnsupportedOperationException(); }
    @Override public int ffnWidth() { throw new UnsupportedOperationException(); }
    @Override public float[][] pooledEmbeddings(List<TokenWindow> windows) { throw new UnsupportedOperationException(); }
    @Override public float[][] pooledEmbeddings(List<TokenWindow> w, HookPoint h, Replacement r) {
      throw new UnsupportedOperationException();
    }
    @Override public HookGradient gradient(List<TokenWindow> w, HookPoint h, float[] t) {
      throw new UnsupportedOperationException();
    }
    @Override public void close() { }
  }

  /** Records what it is given. */
  private static final class Recorder implements ForwardObserver {
    final List<TokenWindow> windows;
    final boolean units;
    final List<Replacement> continuations;
    final List<Long> seen = new ArrayList<>();
    final List<Float> pooled = new ArrayList<>();
    boolean sawUnits;

    Recorder(List<TokenWindow> windows, boolean units, List<Replacement> continuations) {
      this.windows = windows;
      this.units = units;
      this.continuations = continuations;
    }

    @Override public List<TokenWindow> windows() { return windows; }
    @Override public boolean units() { return units; }
    @Override public List<Replacement> continuations() { return continuations; }

    @Override
    public void observe(ForwardBatch batch) {
      if (batch.units() != null) {
        sawUnits = true;
        assertThat(batch.units().count()).isEqualTo(batch.windows().stream().mapToInt(TokenWindow::contentLength).sum());
      }
      assertThat(batch.pooled().length).isEqualTo(continuations.size());
      for (int w = 0; w < batch.windows().size(); w++) {
        seen.add(batch.windows().get(w).sequence());
        for (float[][] p : batch.pooled()) {
          pooled.add(p[w][0]);
        }
      }
    }
  }

  private static List<TokenWindow> windows(int from, int to, int length) {
    List<TokenWindow> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      out.add(new TokenWindow(s, new int[length + 2]));
    }
    return out;
  }

  private static final TransformerModel.Replacement TIMES_TEN = (first, count, rows) -> new float[] {rows[0] * 10};

  private record Outcome(CountingModel model, Recorder fidelity, Recorder neurons) {
  }

  private static Outcome run(int threads) throws Exception {
    CountingModel model = new CountingModel();
    // fidelity: the first 40 windows, two continuations; neurons: units of the first 70, the 70th cut to 3 tokens.
    Recorder fidelity = new Recorder(windows(0, 40, 5), false,
        List.of(TransformerModel.Replacement.NONE, TIMES_TEN));
    List<TokenWindow> neuronWindows = windows(0, 69, 5);
    neuronWindows.add(new TokenWindow(69, new int[5]));
    Recorder neurons = new Recorder(neuronWindows, true, List.of());
    Map<String, ForwardObserver> observers = new LinkedHashMap<>();
    observers.put("fidelity", fidelity);
    observers.put("neurons", neurons);
    List<String> log = new ArrayList<>();
    HeldOutForward.run(observers, model, HOOK, threads, log::add);
    assertThat(log).singleElement().asString().contains("fidelity, neurons").contains("70 windows");
    return new Outcome(model, fidelity, neurons);
  }

  @Test
  void windowsSharedByTwoAnalysesRunOnceAndEachSeesItsOwnInOrder() throws Exception {
    Outcome o = run(2);
    assertThat(o.model().runs).hasSize(70);
    assertThat(o.model().runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(o.fidelity().seen).containsExactlyElementsOf(o.fidelity().windows.stream().map(TokenWindow::sequence)
        .toList());
    assertThat(o.neurons().seen).containsExactlyElementsOf(o.neurons().windows.stream().map(TokenWindow::sequence)
        .toList());
    assertThat(o.neurons().sawUnits).isTrue();
    assertThat(o.fidelity().sawUnits).isFalse();
    // Each continuation's own embedding: clean = the sequence, TIMES_TEN = ten times it.
    List<Float> expected = new ArrayList<>();
    for (int s = 0; s < 40; s++) {
      expected.add((float) s);
      expected.add(10f * s);
    }
    assertThat(o.fidelity().pooled).containsExactlyElementsOf(expected);
    // Batches never mix windows wanted by different analyses: 40 = 16 + 16 + 8 shared, then 30 = 16 + 14 neurons only.
    assertThat(o.model().batchSizes).containsExactlyInAnyOrder(16, 16, 8, 16, 14);
  }

  @Test
  void theSameBatchesAndDeliveriesForAnyThreadCount() throws Exception {
    Outcome one = run(1);
    Outcome three = run(3);
    assertThat(three.model().batchSizes).containsExactlyInAnyOrderElementsOf(one.model().batchSizes);
    assertThat(three.neurons().seen).containsExactlyElementsOf(one.neurons().seen);
    assertThat(three.fidelity().pooled).containsExactlyElementsOf(one.fidelity().pooled);
  }

  @Test
  void aWindowAskedForOutOfOrderRunsAgainSoEveryAnalysisKeepsItsOrder() throws Exception {
    CountingModel model = new CountingModel();
    Recorder first = new Recorder(windows(0, 3, 4), true, List.of());
    List<TokenWindow> reversed = new ArrayList<>(windows(0, 3, 4));
    java.util.Collections.reverse(reversed);
    Recorder second = new Recorder(reversed, true, List.of());
    Map<String, ForwardObserver> observers = new LinkedHashMap<>();
    observers.put("a", first);
    observers.put("b", second);
    HeldOutForward.run(observers, model, HOOK, 2, line -> { });
    assertThat(first.seen).containsExactly(0L, 1L, 2L);
    assertThat(second.seen).containsExactly(2L, 1L, 0L);
    // Window 2 is shared (b asks for it first); 1 and 0 come before it in the plan, so they run again for b.
    assertThat(model.runs.get("2/4").get()).isEqualTo(1);
    assertThat(model.runs.get("0/4").get()).isEqualTo(2);
  }
}
