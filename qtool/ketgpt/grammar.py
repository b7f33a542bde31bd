"""The grammar of a KetGPT program as a batched state machine that masks invalid tokens.

At every sampling step each sequence is in one of three places: at a statement boundary
(a gate or <eos> may come) or inside a statement (its angles, then its distinct qubits below
N; then the `;` for tokenizers that write one). The mask allows exactly the tokens that keep the program valid, so
every finished sequence decodes to a circuit that parses and simulates. Everything is a
tensor operation over the batch: no Python loop per sequence.
"""

from __future__ import annotations

import torch

from qtool.ketgpt.tokenizer import EOS, GATES, MAX_ARITY, MAX_PARAMS, PAD, SEP, Tokenizer


class Grammar:
    """Token tables for a tokenizer, and the batched state machine over them."""

    def __init__(self, tok: Tokenizer):
        V = len(tok)
        self.tok = tok
        self.pad, self.eos, self.sep = tok.id(PAD), tok.id(EOS), tok.id(SEP)
        self.is_gate = torch.zeros(V, dtype=torch.bool)
        self.is_angle = torch.zeros(V, dtype=torch.bool)
        self.is_qubit = torch.zeros(V, dtype=torch.bool)
        self.n_params = torch.zeros(V, dtype=torch.long)
        self.arity = torch.zeros(V, dtype=torch.long)
        self.qubit = torch.full((V,), -1, dtype=torch.long)
        for i, w in enumerate(tok.vocab):
            if w.startswith("g:"):
                self.is_gate[i] = True
                self.n_params[i], self.arity[i] = GATES[w[2:]]
            elif w.startswith("a:"):
                self.is_angle[i] = True
            elif w.startswith("q:"):
                self.is_qubit[i] = True
                self.qubit[i] = int(w[2:])
        self.separator = tok.separator
        # Longest statement: gate, angles, qubits (and `;`).
        self.max_statement = 1 + MAX_PARAMS + MAX_ARITY + int(tok.separator)

    def start(self, num_qubits: torch.Tensor, max_len: int) -> "State":
        """The state after the prompt <bos> n:N f:F, for a batch of qubit counts."""
        return State(self, num_qubits.long(), max_len)


class State:
    """Per-sequence grammar state of a batch (all tensors of shape (B,) or (B, max_qubits))."""

    def __init__(self, g: Grammar, nq: torch.Tensor, max_len: int):
        B = nq.shape[0]
        self.g, self.nq, self.max_len = g, nq, max_len
        self.length = torch.full((B,), 3, dtype=torch.long)  # tokens so far (the prompt)
        self.need_params = torch.zeros(B, dtype=torch.long)
        self.need_qubits = torch.zeros(B, dtype=torch.long)
        self.in_statement = torch.zeros(B, dtype=torch.bool)
        self.statements = torch.zeros(B, dtype=torch.long)
        self.used = torch.zeros(B, g.tok.max_qubits, dtype=torch.bool)
        self.done = torch.zeros(B, dtype=torch.bool)

    def mask(self) -> torch.Tensor:
        """(B, V) True where a token is allowed next."""
        g = self.g
        boundary = ~self.in_statement & ~self.done
        # A new statement must fit (with the <eos> after it) in max_len tokens.
        room = self.length + g.max_statement + 1 <= self.max_len
        gates = g.is_gate[None, :] & (g.arity[None, :] <= self.nq[:, None]) \
            & (boundary & room)[:, None]
        eos = boundary & (self.statements > 0)
        angles = g.is_angle[None, :] & (self.in_statement & (self.need_params > 0))[:, None]
        want_q = self.in_statement & (self.need_params == 0) & (self.need_qubits > 0)
        qi = g.qubit.clamp(min=0)
        free = ~self.used[:, qi]                                       # (B, V)
        qubits = g.is_qubit[None, :] & (g.qubit[None, :] < self.nq[:, None]) & free \
            & want_q[:, None]
        m = gates | angles | qubits
        m[:, g.eos] |= eos
        if g.separator:
            m[:, g.sep] |= self.in_statement & (self.need_params == 0) & (self.need_qubits == 0)
        m[:, g.pad] |= self.done
        return m

    def reset(self, rows: torch.Tensor, nq: torch.Tensor) -> None:
        """Start these rows afresh after a prompt for nq qubits (a sampler reusing a row)."""
        self.nq[rows] = nq
        self.length[rows] = 3
        for t in (self.need_params, self.need_qubits, self.statements):
            t[rows] = 0
        for t in (self.in_statement, self.used, self.done):
            t[rows] = False

    def keep(self, rows: torch.Tensor) -> None:
        """Keep only these batch rows (the sampler drops finished sequences)."""
        for name in ("nq", "length", "need_params", "need_qubits", "in_statement", "statements",
                     "used", "done"):
            setattr(self, name, getattr(self, name)[rows])

    def advance(self, tokens: torch.Tensor, active: torch.Tensor | None = None) -> None:
        """Move every sequence past its chosen token (which the mask allowed).

        active: rows to move (default: every unfinished one); the others keep their state.
        """
        g = self.g
        active = ~self.done if active is None else active & ~self.done
        self.length += active.long()
        is_gate = g.is_gate[tokens] & active
        self.in_statement |= is_gate
        self.need_params = torch.where(is_gate, g.n_params[tokens], self.need_params)
        self.need_qubits = torch.where(is_gate, g.arity[tokens], self.need_qubits)
        self.need_params -= (g.is_angle[tokens] & active).long()
        is_q = g.is_qubit[tokens] & active
        self.need_qubits -= is_q.long()
        rows = torch.nonzero(is_q).flatten()
        self.used[rows, g.qubit[tokens[rows]]] = True
        if g.separator:
            is_sep = (tokens == g.sep) & active
        else:  # the statement ends with its last qubit
            is_sep = is_q & (self.need_qubits == 0)
        self.in_statement &= ~is_sep
        self.statements += is_sep.long()
        self.used[is_sep] = False
        self.done |= (tokens == g.eos) & active
