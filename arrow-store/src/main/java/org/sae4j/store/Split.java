package org.sae4j.store;

/**
 * A train/eval split of a store's rows: disjoint, together covering every row.
 *
 * @param train the training rows
 * @param eval  the held-out evaluation rows
 */
public record Split(RowSet train, RowSet eval) {}
