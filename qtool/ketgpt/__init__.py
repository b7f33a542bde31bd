"""KetGPT: a small transformer that writes realistic OpenQASM 2.0 circuits, and its verifier.

tokenizer (structured tokens), convert (cirq -> statements), model (nanoGPT-style GPT with a
KV cache), grammar + sample (masked, batched sampling), dataset + train, checkpoint
(the shipped model), generate (the Python face of `qtool ketgpt generate`), and the three
verifications: validity, classifier, structure (with baselines), gathered by verify.
"""
