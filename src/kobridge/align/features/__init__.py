"""Cross-language evidence for the sentence aligner: features computed on sentence pairs."""
