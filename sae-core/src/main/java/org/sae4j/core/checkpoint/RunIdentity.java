package org.sae4j.core.checkpoint;

import java.util.Objects;

/**
 * What a checkpoint was trained from: a training run resumes only from checkpoints of the same descriptor (its
 * {@link org.sae4j.core.descriptor.DescriptorHash hash}) on the same data (the store's fingerprint).
 *
 * @param descriptorHash the SHA-256 of the resolved descriptor
 * @param dataFingerprint the activation store's fingerprint
 */
public record RunIdentity(String descriptorHash, String dataFingerprint) {

  public RunIdentity {
    Objects.requireNonNull(descriptorHash, "descriptorHash");
    Objects.requireNonNull(dataFingerprint, "dataFingerprint");
  }

  /** How this identity differs from {@code other}, for a log line; empty when they are equal. */
  public String difference(RunIdentity other) {
    if (!descriptorHash.equals(other.descriptorHash)) {
      return "written for another descriptor (hash " + abbreviate(descriptorHash) + ", now "
          + abbreviate(other.descriptorHash) + ")";
    }
    if (!dataFingerprint.equals(other.dataFingerprint)) {
      return "written for other data (fingerprint " + abbreviate(dataFingerprint) + ", now "
          + abbreviate(other.dataFingerprint) + ")";
    }
    return "";
  }

  private static String abbreviate(String hex) {
    return hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
  }
}
