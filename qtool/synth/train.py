"""Training the conditioned transformer on random (circuit, target) pairs made on the fly.

    python -m qtool.synth.train --families u:genqc,u:clifford+t --config small \
        --minutes 40 --out qtool/synth/checkpoints/synth-discrete.pt

Every step draws a fresh batch (numpy: no data set on disk, no example seen twice), from a
family picked by --weights, and a qubit count in the family's range. torch runs one thread
by default (this machine is shared); CUDA is used when present (`--device auto`). Only one
device is implemented: there is no DDP/torchrun path (several GPUs would need a
DistributedSampler-free variant of this loop with per-rank seeds; not written).
The checkpoint is written atomically every --save-every steps and at the end, with the
steps, wall time, parameter count and the loss curve in its meta.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

import numpy as np
import torch

from qtool.synth import data
from qtool.synth import model as sm


def held_out_loss(m: sm.SynthModel, fams, seed: int, device, batches: int = 4) -> float:
    """Mean loss on batches from a seed the training stream never uses (seed + 10**6)."""
    rng = np.random.default_rng(seed + 10 ** 6)
    m.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(batches):
            fam = fams[i % len(fams)]
            n = fam.qubits[1] - (i // len(fams)) % (fam.qubits[1] - fam.qubits[0] + 1)
            f, x, y = data.batch(rng, m.tok, fam, n, 64, m.in_dim)
            _, loss = m(*(torch.from_numpy(a).to(device) for a in (f, x, y)))
            total += loss.item()
    m.train()
    return total / batches


def train(families, weights=None, config="small", steps=100_000, minutes=None, batch=64,
          lr=1e-3, seed=0, out=None, device="cpu", resume=None, save_every=500, log=print,
          block_size=96):
    """Train and return (checkpoint, record). Stops at `steps` or after `minutes`."""
    fams = [data.FAMILIES[f] for f in families]
    w = np.asarray(weights if weights else [1.0] * len(fams), dtype=float)
    w = w / w.sum()
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    if resume:
        ck = sm.load(resume)
        m = ck.model
        start = int(ck.meta.get("training", {}).get("steps", 0))
        previous_seconds = float(ck.meta.get("training", {}).get("wall_seconds", 0.0))
        curve = list(ck.meta.get("training", {}).get("curve", []))
    else:
        m = sm.new_model(list(data.FAMILIES), config, block_size)
        start, previous_seconds, curve = 0, 0.0, []
    m.to(device).train()
    opt = torch.optim.AdamW(m.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.01)
    if resume and ck.optimizer_state:
        opt.load_state_dict(ck.optimizer_state)
        for g in opt.param_groups:
            g["lr"] = lr
    warmup = 200
    t0 = time.perf_counter()
    ema = None
    step = start

    def record() -> dict:
        return {"steps": step, "wall_seconds": round(previous_seconds + time.perf_counter() - t0, 1),
                "parameters": m.num_params(), "families": list(families),
                "weights": w.tolist(), "batch": batch, "lr": lr, "seed": seed,
                "config": config if isinstance(config, str) else dict(config),
                "device": str(device), "threads": torch.get_num_threads(), "curve": curve}

    def checkpoint() -> sm.Checkpoint:
        meta = {"families": list(families), "training": record()}
        return sm.Checkpoint(m, meta, opt.state_dict())

    for step in range(start + 1, start + steps + 1):
        frac = (step - start) / steps
        if minutes is not None:   # the cosine ends with the time budget when that comes first
            frac = max(frac, (time.perf_counter() - t0) / (60 * minutes))
        frac = min(frac, 1.0)
        rate = lr * min(1.0, (step - start) / warmup) * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g["lr"] = rate
        fam = fams[rng.choice(len(fams), p=w)]
        n = int(rng.integers(fam.qubits[0], fam.qubits[1] + 1))
        f, x, y = data.batch(rng, m.tok, fam, n, batch, m.in_dim)
        _, loss = m(*(torch.from_numpy(a).to(device) for a in (f, x, y)))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(), 1.0)
        opt.step()
        value = loss.item()
        ema = value if ema is None else 0.98 * ema + 0.02 * value
        if step % 100 == 0:
            elapsed = time.perf_counter() - t0
            curve.append([step, round(ema, 4), round(previous_seconds + elapsed, 1)])
            log(f"step {step} loss {ema:.4f} lr {rate:.2e} {elapsed:.0f}s")
        if out and step % save_every == 0:
            sm.save(checkpoint(), out)
        if minutes is not None and time.perf_counter() - t0 > 60 * minutes:
            log(f"stopped by --minutes at step {step}")
            break
    rec = record()
    rec["held_out_loss"] = round(held_out_loss(m, fams, seed, device), 4)
    ck = sm.Checkpoint(m, {"families": list(families), "training": rec}, opt.state_dict())
    if out:
        sm.save(ck, out)
    return ck, rec


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m qtool.synth.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--families", default="u:genqc",
                   help=f"comma-separated, from {', '.join(data.FAMILIES)}")
    p.add_argument("--weights", default=None, help="comma-separated sampling weights")
    p.add_argument("--config", default="small", choices=sorted(sm.CONFIGS))
    p.add_argument("--steps", type=int, default=100_000)
    p.add_argument("--minutes", type=float, default=None)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", default="auto", help="auto (cuda when present), cpu, cuda")
    p.add_argument("--block-size", type=int, default=96)
    p.add_argument("--resume", default=None)
    p.add_argument("--save-every", type=int, default=500, help="steps between checkpoints")
    p.add_argument("--no-optimizer", action="store_true",
                   help="drop the optimizer state from the final file (to ship it)")
    p.add_argument("--out", required=True)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    device = ("cuda" if torch.cuda.is_available() else "cpu") if a.device == "auto" else a.device
    fams = [f.strip() for f in a.families.split(",") if f.strip()]
    unknown = [f for f in fams if f not in data.FAMILIES]
    if unknown:
        p.error(f"unknown families {unknown}; known: {', '.join(data.FAMILIES)}")
    weights = [float(x) for x in a.weights.split(",")] if a.weights else None
    ck, rec = train(fams, weights, a.config, a.steps, a.minutes, a.batch, a.lr, a.seed, a.out,
                    device, a.resume, save_every=a.save_every, block_size=a.block_size,
                    log=lambda s: print(s, file=sys.stderr, flush=True))
    if a.no_optimizer:
        ck.optimizer_state = None
        sm.save(ck, a.out)
    print({k: v for k, v in rec.items() if k != "curve"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
