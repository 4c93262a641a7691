package org.sae4j.core.analysis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.sae4j.harvest.HookPass;
import org.sae4j.harvest.HookPoint;
import org.sae4j.harvest.TokenWindow;
import org.sae4j.harvest.TransformerModel;
import org.sae4j.harvest.TransformerModel.Replacement;

/**
 * A session's one clean forward of held-out windows ({@link ForwardObserver}). The plan keeps every observer's order:
 * a window asked for again by a later observer, after the windows it already shares, runs once for both; otherwise
 * it runs again. Batches of up to {@link #BATCH_WINDOWS} consecutive planned windows wanted by the same observers run
 * ahead on every core (one PyTorch thread each) and are delivered in plan order on the calling thread, so what each
 * observer sees depends only on the windows asked for, not on the number of threads.
 */
final class HeldOutForward {
  /** Windows per forward pass. */
  static final int BATCH_WINDOWS = 16;

  private HeldOutForward() {
  }

  /** One planned batch: its windows and the observers (indices) that want all of them. */
  private record Batch(List<TokenWindow> windows, List<Integer> observers) {
  }

  /**
   * Runs the forward for {@code observers} (by analysis name, in session order); nothing when there are none.
   *
   * @param threads forward passes run at once
   */
  static void run(Map<String, ForwardObserver> observers, TransformerModel model, HookPoint hook, int threads,
                  Consumer<String> log) throws IOException {
    if (observers.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    List<ForwardObserver> list = List.copyOf(observers.values());
    List<Batch> batches = plan(list);
    long windows = batches.stream().mapToLong(b -> b.windows().size()).sum();
    long tokens = batches.stream().flatMap(b -> b.windows().stream()).mapToLong(TokenWindow::contentLength).sum();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "sae4j-held-out-forward");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<HookPass>> pending = new ArrayList<>();
      int next = 0;
      for (int done = 0; done < batches.size(); done++) {
        while (next < batches.size() && pending.size() < done + threads + 1) {
          Batch b = batches.get(next++);
          pending.add(pool.submit(() -> model.pass(b.windows(), hook, wantsUnits(list, b),
              continuations(list, b))));
        }
        HookPass pass = get(pending.get(done));
        pending.set(done, null);
        deliver(list, batches.get(done), pass);
      }
    } finally {
      pool.shutdownNow();
    }
    log.accept(String.format("held-out forward for %s: %,d windows (%,d tokens) to %s once, in %.1f s",
        String.join(", ", observers.keySet()), windows, tokens, hook, (System.nanoTime() - start) / 1e9));
  }

  private static List<Batch> plan(List<ForwardObserver> observers) throws IOException {
    List<TokenWindow> planned = new ArrayList<>();
    List<List<Integer>> wanted = new ArrayList<>();
    Map<Long, List<Integer>> bySequence = new HashMap<>();
    for (int o = 0; o < observers.size(); o++) {
      int last = -1;
      for (TokenWindow w : observers.get(o).windows()) {
        int shared = -1;
        for (int p : bySequence.getOrDefault(w.sequence(), List.of())) {
          if (p > last && !wanted.get(p).contains(o) && Arrays.equals(planned.get(p).ids(), w.ids())) {
            shared = p;
            break;
          }
        }
        if (shared < 0) {
          shared = planned.size();
          planned.add(w);
          wanted.add(new ArrayList<>());
          bySequence.computeIfAbsent(w.sequence(), s -> new ArrayList<>()).add(shared);
        }
        wanted.get(shared).add(o);
        last = shared;
      }
    }
    List<Batch> batches = new ArrayList<>();
    for (int p = 0; p < planned.size(); ) {
      int end = p + 1;
      while (end < planned.size() && end - p < BATCH_WINDOWS && wanted.get(end).equals(wanted.get(p))) {
        end++;
      }
      batches.add(new Batch(List.copyOf(planned.subList(p, end)), List.copyOf(wanted.get(p))));
      p = end;
    }
    return batches;
  }

  private static boolean wantsUnits(List<ForwardObserver> observers, Batch b) {
    return b.observers().stream().anyMatch(o -> observers.get(o).units());
  }

  private static List<Replacement> continuations(List<ForwardObserver> observers, Batch b) {
    List<Replacement> all = new ArrayList<>();
    for (int o : b.observers()) {
      all.addAll(observers.get(o).continuations());
    }
    return all;
  }

  private static void deliver(List<ForwardObserver> observers, Batch b, HookPass pass) throws IOException {
    int offset = 0;
    for (int o : b.observers()) {
      ForwardObserver observer = observers.get(o);
      int n = observer.continuations().size();
      observer.observe(new ForwardBatch(b.windows(), observer.units() ? pass.units() : null,
          Arrays.copyOfRange(pass.pooled(), offset, offset + n)));
      offset += n;
    }
  }

  private static HookPass get(Future<HookPass> f) throws IOException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw new IOException("a forward pass over held-out windows failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during the forward over held-out windows", e);
    }
  }
}
