"""qtool.synth: short, verified circuits for a target unitary or state (issue 17).

A decoder-only transformer (KetGPT's model, tokenizer and grammar, imported from
qtool.ketgpt) conditioned on the target through a learned linear projection proposes
circuits; every proposal is verified exactly, and for continuous gate sets the angles are
refined numerically. Modules, one job each:

- target:    reading a target (.npy / .json matrix or state, or a circuit file)
- gatesets:  the gate sets a user can ask for, and which model family serves each
- linalg:    numpy unitaries and states of token-level circuits, fidelity up to phase
- encode:    the target as prefix features for the model (phase-canonical columns)
- model:     the conditioned transformer and its checkpoint file
- data:      random (circuit, target) training pairs, computed with numpy
- train:     the training loop (`python -m qtool.synth.train`)
- sample:    batched grammar-masked sampling with a KV cache, and residual beam search
- refine:    angle optimisation of one CX skeleton with one-qubit layers (scipy, numpy adjoint)
- batchfit:  many (skeleton, start) fits at once as one torch program, early stopping, polish
- skelsearch: beam search over CX skeletons in increasing CX count (QSearch/LEAP style)
- generic:   cirq's / Qiskit's generic synthesis, for the side-by-side figures
- search:    the whole `qtool synth` run: propose, verify, keep the shortest
- bfs:       breadth-first search over a discrete gate set (a baseline)
- mitm:      meet-in-the-middle lookup: proven shortest discrete circuits within 9 gates
- skeletons: CX skeletons in increasing CX count, fitted one by one (the BFS baseline) and
             the rules that prune equivalent skeletons
- bench:     `qtool bench synth`: held-out targets, baselines, one table
"""
