package org.sae4j.core.analysis;

import java.util.List;
import org.sae4j.harvest.HookRows;
import org.sae4j.harvest.TokenWindow;

/**
 * One batch of a session's clean forward of held-out windows, as one {@link ForwardObserver} sees it.
 *
 * @param windows the batch's windows, consecutive in the observer's list
 * @param units per content token, every unit up to the hook (the FFN neurons of blocks 0 … the hook's block, then
 *     the hook's rows), when the observer asked for units; else null
 * @param pooled per continuation of the observer (in its order), per window, the pooled L2-normalised embedding
 */
public record ForwardBatch(List<TokenWindow> windows, HookRows units, float[][][] pooled) {
}
