package org.sae4j.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The second process of the lock test: asks for the data set in {@code args[0]}, which the first process is
 * producing; it must wait for it and reuse it, never produce it itself.
 */
public final class StoreProducerMain {

    private StoreProducerMain() {}

    public static void main(String[] args) throws IOException {
        try (ActivationStore store = StoreProducer.openOrProduce(Path.of(args[0]), manifest -> null, partial -> {
            throw new IOException("the second process produced the data set instead of reusing it");
        }, line -> System.out.println(line))) {
            System.out.println("rows " + store.rows());
        }
    }
}
