"""Training KetGPT: length-bucketed padded batches, AdamW with warm-up and cosine decay,
held-out loss, atomic checkpoints that resume.

Circuits are whole sequences (<bos> n:N f:F ... <eos>), padded within a batch of similar
lengths, never packed across circuits: every position sees its own circuit's condition.
With probability `family_dropout` the family token becomes `f:*`, so one model serves both
"a circuit like qft on 6 qubits" and "any circuit on 6 qubits".
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from typing import Callable

import torch

from qtool.errors import QtoolError
from qtool.ketgpt.checkpoint import Checkpoint, save
from qtool.ketgpt.dataset import Dataset
from qtool.ketgpt.model import GPT, GPTConfig
from qtool.ketgpt.tokenizer import ANY_FAMILY


@dataclass
class TrainOptions:
    steps: int = 2000
    max_seconds: float | None = None   # stop early after this much wall time
    batch_tokens: int = 8192           # tokens per batch (padded), shared by similar lengths
    lr: float = 3e-3
    min_lr_ratio: float = 0.1
    warmup: int = 100
    weight_decay: float = 0.05
    grad_clip: float = 1.0
    family_dropout: float = 0.25
    eval_every: int = 200
    seed: int = 0
    threads: int | None = 2
    # Repeat the circuits of any family with fewer than this many training circuits so it
    # has about this many per epoch (issue 18: seedless families had 11 of 4,485 circuits,
    # and conditioning on them carried no signal). 0: every circuit once.
    family_min: int = 0
    # With max_seconds: the cosine decay follows whichever is further along, steps or wall
    # time, so a run on a shared machine whose speed varies still ends at the low rate
    # when its time is up (issue 18's from-scratch run: 2,000 to 7,500 tokens/s).
    time_schedule: bool = False


@dataclass
class Progress:
    step: int
    loss: float
    tokens_per_s: float
    val_loss: float | None = None


def _batches(seqs: list[list[int]], batch_tokens: int, rng: random.Random) -> list[list[int]]:
    """Index batches of similar length whose padded size stays under batch_tokens."""
    order = sorted(range(len(seqs)), key=lambda i: (len(seqs[i]), rng.random()))
    batches, cur, longest = [], [], 0
    for i in order:
        L = len(seqs[i])
        if cur and max(longest, L) * (len(cur) + 1) > batch_tokens:
            batches.append(cur)
            cur, longest = [], 0
        cur.append(i)
        longest = max(longest, L)
    if cur:
        batches.append(cur)
    rng.shuffle(batches)
    return batches


def _tensors(seqs: list[list[int]], pad: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs and targets (-1 where padded) of a batch."""
    T = max(len(s) for s in seqs) - 1
    x = torch.full((len(seqs), T), pad, dtype=torch.long)
    y = torch.full((len(seqs), T), -1, dtype=torch.long)
    for r, s in enumerate(seqs):
        t = torch.tensor(s, dtype=torch.long)
        x[r, : len(s) - 1] = t[:-1]
        y[r, : len(s) - 1] = t[1:]
    return x, y


def _lr(step: int, opts: TrainOptions, time_frac: float = 0.0) -> float:
    """Linear warm-up, then cosine decay to min_lr_ratio over the steps (or over the wall
    time, `time_frac` of max_seconds spent, when that is further along)."""
    if step < opts.warmup:
        return opts.lr * (step + 1) / opts.warmup
    frac = min(1.0, max((step - opts.warmup) / max(1, opts.steps - opts.warmup), time_frac))
    return opts.lr * (opts.min_lr_ratio + (1 - opts.min_lr_ratio) * 0.5 * (1 + math.cos(math.pi * frac)))


@torch.no_grad()
def evaluate(model: GPT, seqs: list[list[int]], pad: int, batch_tokens: int,
             device: str = "cpu") -> float:
    """Mean next-token loss over held-out sequences (each token weighted once)."""
    if not seqs:
        return float("nan")
    model.eval()
    total, count = 0.0, 0
    for idx in _batches(seqs, batch_tokens, random.Random(0)):
        x, y = _tensors([seqs[i] for i in idx], pad)
        _, loss = model(x.to(device), y.to(device))
        n = int((y >= 0).sum())
        total += float(loss) * n
        count += n
    model.train()
    return total / count


def train(data: Dataset, config: GPTConfig, opts: TrainOptions, out: str | None = None,
          resume: Checkpoint | None = None,
          report: Callable[[Progress], None] | None = None,
          init: Checkpoint | None = None, init_data: Dataset | None = None) -> Checkpoint:
    """Train (or continue training) a model on `data`; save to `out` at every evaluation.

    `init`: fine-tune, starting from that checkpoint's weights (same tokenizer) but with a
    fresh optimizer, schedule and step count, and the new data's metadata (sizes, families).
    The keys it records as trained on (fingerprints, structure keys) are the new data's
    *and* the init checkpoint's, plus those of `init_data` (the set the init checkpoint was
    trained on, for checkpoints that predate structure keys): a fine-tuned model has seen
    both, and the verifiers must drop both from their real sets and count both for novelty.
    """
    if resume is not None and init is not None:
        raise QtoolError("resume or fine-tune from a checkpoint, not both")
    if opts.threads:
        torch.set_num_threads(opts.threads)
    torch.manual_seed(opts.seed)
    rng = random.Random(opts.seed)
    tok = data.tokenizer
    device = "cuda" if torch.cuda.is_available() else "cpu"
    train_ex, val_ex = data.split("train"), data.split("val")
    if not train_ex:
        raise QtoolError("the dataset has no training circuits")
    longest = max(len(e.words) for e in data.examples)
    if resume is not None:
        model, config = resume.model, resume.model.config
        if resume.tokenizer != tok:
            raise QtoolError("the checkpoint's tokenizer differs from the dataset's")
    elif init is not None:
        model, config = init.model, init.model.config
        if init.tokenizer != tok:
            raise QtoolError("the checkpoint to fine-tune has another tokenizer than the dataset")
    else:
        config.vocab_size = len(tok)
        config.block_size = max(config.block_size, longest)
        model = GPT(config)
    if longest > config.block_size:
        raise QtoolError(f"the dataset has a circuit of {longest} tokens; the model's block "
                         f"size is {config.block_size}")
    model.to(device).train()
    optim = torch.optim.AdamW(_param_groups(model, opts.weight_decay), lr=opts.lr, betas=(0.9, 0.95))
    meta = dict(resume.meta) if resume is not None else _meta(data)
    if init is not None:
        meta["fine_tuned_from"] = {
            "training": init.meta.get("training", {}),
            "train_circuits": init.meta.get("train_circuits"),
            # Sizes each family had before: the functional report's "trained sizes".
            "family_sizes": {f: sorted(set(ns)) for f, ns in init.meta.get("family_qubits", {}).items()},
        }
        _merge_keys(meta, init.meta, init_data)
    step = int(meta.get("training", {}).get("steps", 0))
    if resume is not None and resume.optimizer_state:
        optim.load_state_dict(resume.optimizer_state)
    seqs = [e.ids(tok) for e in train_ex]
    fams = [e.family for e in train_ex]
    seqs, fams = upweighted(seqs, fams, opts.family_min)
    val = [e.ids(tok) for e in val_ex]
    any_fam = tok.id(f"f:{ANY_FAMILY}")
    pad = tok.id("<pad>")
    spent = float(meta.get("training", {}).get("seconds", 0.0))
    t0, tokens, last_val = time.perf_counter(), 0, None
    start_step = step
    batches: list[list[int]] = []
    while step < opts.steps:
        if opts.max_seconds is not None and time.perf_counter() - t0 >= opts.max_seconds:
            break
        if not batches:
            batches = _batches(seqs, opts.batch_tokens, rng)
        idx = batches.pop()
        batch = []
        for i in idx:
            s = list(seqs[i])
            if fams[i] is not None and rng.random() < opts.family_dropout:
                s[2] = any_fam
            batch.append(s)
        x, y = _tensors(batch, pad)
        time_frac = ((time.perf_counter() - t0) / opts.max_seconds
                     if opts.time_schedule and opts.max_seconds else 0.0)
        for group in optim.param_groups:
            group["lr"] = _lr(step, opts, time_frac)
        _, loss = model(x.to(device), y.to(device))
        optim.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), opts.grad_clip)
        optim.step()
        loss = loss.item()
        step += 1
        tokens += int((y >= 0).sum())
        elapsed = time.perf_counter() - t0
        if step % opts.eval_every == 0 or step == opts.steps:
            last_val = evaluate(model, val, pad, opts.batch_tokens, device)
            _record(meta, step, spent + elapsed, loss, last_val, model)
            if out:
                save(Checkpoint(model, tok, meta, optim.state_dict()), out)
        if report:
            report(Progress(step, loss, tokens / max(elapsed, 1e-9), last_val))
    elapsed = time.perf_counter() - t0
    if step > start_step and meta["training"].get("steps") != step:
        last_val = evaluate(model, val, pad, opts.batch_tokens, device)
        _record(meta, step, spent + elapsed, loss, last_val, model)
    ckpt = Checkpoint(model.cpu(), tok, meta, optim.state_dict())
    if out:
        save(ckpt, out)
    return ckpt


def upweighted(seqs: list, fams: list, family_min: int) -> tuple[list, list]:
    """Each family (not `None`, the unconditioned circuits) with k < family_min circuits
    repeated ceil(family_min / k) times, so rare families weigh as much as common ones."""
    if family_min <= 0:
        return seqs, fams
    count: dict = {}
    for f in fams:
        count[f] = count.get(f, 0) + 1
    out_s, out_f = [], []
    for s, f in zip(seqs, fams):
        k = 1 if f is None else max(1, -(-family_min // count[f]))
        out_s += [s] * k
        out_f += [f] * k
    return out_s, out_f


def _param_groups(model: GPT, weight_decay: float) -> list[dict]:
    """Decay matrices, not gains or embeddings' positions... as nanoGPT does: 2-D and up."""
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    return [{"params": decay, "weight_decay": weight_decay}, {"params": rest, "weight_decay": 0.0}]


def _meta(data: Dataset) -> dict:
    train_ex = data.split("train")
    family_qubits: dict[str, list[int]] = {}
    for e in train_ex:
        family_qubits.setdefault(e.family or ANY_FAMILY, []).append(e.qubits)
    return {
        "qubit_counts": [e.qubits for e in train_ex],
        "family_qubits": family_qubits,
        "fingerprints": sorted({e.fingerprint for e in data.examples}),
        "train_circuits": len(train_ex),
        # The longest training circuit in tokens: verify draws real circuits no longer.
        "longest_tokens": max(len(e.words) for e in data.examples),
        "val_circuits": len(data.split("val")),
        # Keys up to angles (and relabelling) of every circuit trained on: novelty beyond
        # exact copies (corpus.structure_key, corpus.canonical_key), and the test set's keys
        # when the dataset was built with hold-outs (so verify can prove it never trained on them).
        **_structure_keys(data),
        "corpus": {k: data.meta[k] for k in ("make_up", "held_out_families", "held_out_cells",
                                             "provenance", "command", "test_keys")
                   if k in data.meta},
        "training": {},
    }


def _merge_keys(meta: dict, prior: dict, prior_data: Dataset | None) -> None:
    """meta's fingerprints and structure keys, united with a prior model's (and its data's)."""
    extra = _structure_keys(prior_data) if prior_data is not None else {}
    if prior_data is not None:
        extra["fingerprints"] = [e.fingerprint for e in prior_data.examples]
    for name in ("fingerprints", "structure_keys", "canonical_keys"):
        meta[name] = sorted(set(meta.get(name, ())) | set(prior.get(name, ()))
                            | set(extra.get(name, ())))


def _structure_keys(data: Dataset) -> dict:
    from qtool.ketgpt.corpus import canonical_key, structure_key

    sk, ck = set(), set()
    tok = data.tokenizer
    for e in data.examples:
        n, _f, sts = tok.decode(e.ids(tok))
        sk.add(structure_key(n, sts))
        ck.add(canonical_key(n, sts))
    return {"structure_keys": sorted(sk), "canonical_keys": sorted(ck)}


def _record(meta: dict, step: int, seconds: float, loss: float, val_loss: float, model: GPT) -> None:
    meta["training"] = {**meta.get("training", {}), "steps": step,
                        "seconds": round(seconds, 1), "train_loss": loss,
                        "val_loss": val_loss, "parameters": model.num_params(),
                        "threads": torch.get_num_threads()}
