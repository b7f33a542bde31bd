"""The sampling mask against an independent, one-sequence-at-a-time grammar checker.

The property: at every step of random walks driven by random logits, the batched mask
allows exactly the tokens the reference allows, and every finished walk is a circuit that
qtool's reader parses.
"""

from __future__ import annotations

import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from qtool.ketgpt.grammar import Grammar
from qtool.ketgpt.tokenizer import GATES, Tokenizer
from qtool.ketgpt.validity import parse_qasm

# Both token formats: statements ended by `;` (the first model's) and by their last qubit.
TOKENIZERS = {sep: Tokenizer(max_qubits=6, families=("ghz",), angle_k=2, tiny_k=4, angle_bins=8,
                             separator=sep) for sep in (False, True)}


def reference_allowed(TOK: Tokenizer, words: list[str], n: int, max_len: int) -> set[str]:
    """Tokens that may follow `words` (after the 3-token prompt), by reading them from scratch."""
    body = words[3:]
    sep = int(TOK.separator)
    if body and body[-1] == "<eos>" or "<eos>" in body:
        return {"<pad>"}
    # Find the open statement, if any.
    i, statements = 0, 0
    while i < len(body):
        name = body[i][2:]
        p, a = GATES[name]
        end = i + 1 + p + a       # one past its last qubit (where its `;` is, if any)
        if end + sep <= len(body):
            statements += 1
            i = end + sep
            continue
        part = body[i + 1:]
        if len(part) < p:
            return {w for w in TOK.vocab if w.startswith("a:")}
        used = {int(w[2:]) for w in part[p:]}
        if len(part) < p + a:
            return {f"q:{q}" for q in range(n) if q not in used}
        return {";"}
    allowed = set()
    if statements > 0:
        allowed.add("<eos>")
    if len(words) + Grammar(TOK).max_statement + 1 <= max_len:
        allowed |= {f"g:{g}" for g, (_p, a) in GATES.items() if a <= n}
    return allowed


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 6), min_size=1, max_size=4), st.integers(0, 2 ** 31 - 1),
       st.integers(20, 60), st.booleans())
def test_mask_matches_reference_and_walks_parse(sizes, seed, max_len, separator):
    TOK = TOKENIZERS[separator]
    GRAMMAR = Grammar(TOK)
    gen = torch.Generator().manual_seed(seed)
    B = len(sizes)
    seqs = [TOK.prompt(n, None) for n in sizes]
    state = GRAMMAR.start(torch.tensor(sizes), max_len)
    for _ in range(max_len - 3):
        mask = state.mask()
        for b in range(B):
            words = [TOK.vocab[i] for i in seqs[b]]
            got = {TOK.vocab[i] for i in torch.nonzero(mask[b]).flatten().tolist()}
            assert got == reference_allowed(TOK, words, sizes[b], max_len), words
        logits = torch.randn(B, len(TOK), generator=gen) * 3
        probs = torch.softmax(logits.masked_fill(~mask, float("-inf")), -1)
        nxt = torch.multinomial(probs, 1, generator=gen).squeeze(1)
        state.advance(nxt)
        for b in range(B):
            seqs[b].append(int(nxt[b]))
        if bool(state.done.all()):
            break
    for b, ids in enumerate(seqs):
        eos = TOK.id("<eos>")
        assert eos in ids, "every walk ends with <eos> within max_len"
        ids = ids[: ids.index(eos) + 1]
        assert len(ids) <= max_len
        circuit = parse_qasm(TOK.decode_qasm(ids))
        assert len(list(circuit.all_operations())) >= 1
        n, _, statements = TOK.decode(ids)
        assert n == sizes[b] and all(max(q) < n for _, _, q in statements)


def test_one_qubit_circuits_never_get_two_qubit_gates():
    TOK = TOKENIZERS[False]
    state = Grammar(TOK).start(torch.tensor([1]), 50)
    allowed = {TOK.vocab[i] for i in torch.nonzero(state.mask()[0]).flatten().tolist()}
    assert "g:h" in allowed and "g:cx" not in allowed and "g:ccx" not in allowed
    assert "<eos>" not in allowed  # an empty circuit is not a circuit


def test_a_reset_row_starts_a_fresh_circuit():
    """The continuous sampler reuses a row: reset must forget the old circuit's state."""
    TOK = TOKENIZERS[False]
    state = Grammar(TOK).start(torch.tensor([3, 3]), 50)
    for w in ("g:cx", "q:0"):            # row 0 stops inside a statement, qubit 0 used
        state.advance(torch.tensor([TOK.id(w), TOK.id("g:h")]), torch.tensor([True, False]))
    assert bool(state.in_statement[0]) and not bool(state.in_statement[1])
    state.reset(torch.tensor([0]), torch.tensor([1]))
    allowed = {TOK.vocab[i] for i in torch.nonzero(state.mask()[0]).flatten().tolist()}
    assert "g:h" in allowed and "g:cx" not in allowed and "<eos>" not in allowed
    assert int(state.length[0]) == 3 and not bool(state.used[0].any())
