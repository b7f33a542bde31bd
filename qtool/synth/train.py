"""Training the conditioned transformer on random (circuit, target) pairs made on the fly.

    python -m qtool.synth.train --families u:genqc,u:clifford+t --config small \
        --minutes 40 --out qtool/synth/checkpoints/synth-discrete.pt

Every step draws a fresh batch (numpy: no data set on disk, no example seen twice), from a
family picked by --weights, and a qubit count in the family's range. torch runs one thread
by default (this machine is shared); CUDA is used when present (`--device auto`).

Several GPUs (or processes): launch with torchrun, which sets RANK / WORLD_SIZE /
LOCAL_RANK; the loop then wraps the model in DistributedDataParallel (NCCL on CUDA, gloo
on CPU), each rank draws its own batches (seed + rank: no sampler is needed, the data are
generated), gradients are averaged, and rank 0 alone logs and writes the checkpoint:

    torchrun --nproc_per_node 4 -m qtool.synth.train --families u:genqc --minutes 60 \
        --out synth-discrete.pt

The effective batch is --batch times the world size.
The checkpoint is written atomically every --save-every steps and at the end, with the
steps, wall time, parameter count and the loss curve in its meta.
"""

from __future__ import annotations

import argparse
import math
import os
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


def rank_env_present() -> bool:
    return "RANK" in os.environ and "WORLD_SIZE" in os.environ


def distributed_rank() -> tuple[int, int]:
    """(rank, world size); joins the process group when torchrun's variables are set."""
    if not rank_env_present():
        return 0, 1
    import torch.distributed as dist

    if not dist.is_initialized():
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    return dist.get_rank(), dist.get_world_size()


def _all_agree(flag: bool, world: int) -> bool:
    """Stop together: any rank's time budget ending stops every rank (one all-reduce)."""
    if world <= 1:
        return flag
    import torch.distributed as dist

    t = torch.tensor([1.0 if flag else 0.0])
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return bool(t.item() > 0)


def _slowest(elapsed: float, world: int) -> float:
    """The largest elapsed time over the ranks, so every rank uses the same learning rate."""
    if world <= 1:
        return elapsed
    import torch.distributed as dist

    t = torch.tensor([elapsed])
    dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return float(t.item())


def train(families, weights=None, config="small", steps=100_000, minutes=None, batch=64,
          lr=1e-3, seed=0, out=None, device="cpu", resume=None, save_every=500, log=print,
          block_size=96):
    """Train and return (checkpoint, record). Stops at `steps` or after `minutes`."""
    fams = [data.FAMILIES[f] for f in families]
    w = np.asarray(weights if weights else [1.0] * len(fams), dtype=float)
    w = w / w.sum()
    rank, world = distributed_rank()
    torch.manual_seed(seed)                         # the same initial weights on every rank
    rng = np.random.default_rng(seed + 7919 * rank)  # its own data stream per rank
    if rank != 0:
        out, log = None, (lambda _s: None)
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
    net = m
    if world > 1 or rank_env_present():
        from torch.nn.parallel import DistributedDataParallel

        if str(device).startswith("cuda"):
            local = int(os.environ.get("LOCAL_RANK", 0))
            torch.cuda.set_device(local)
            net = DistributedDataParallel(m, device_ids=[local])
        else:
            net = DistributedDataParallel(m)
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
            frac = max(frac, _slowest(time.perf_counter() - t0, world) / (60 * minutes))
        frac = min(frac, 1.0)
        rate = lr * min(1.0, (step - start) / warmup) * 0.5 * (1 + math.cos(math.pi * frac))
        for g in opt.param_groups:
            g["lr"] = rate
        fam = fams[rng.choice(len(fams), p=w)]
        n = int(rng.integers(fam.qubits[0], fam.qubits[1] + 1))
        f, x, y = data.batch(rng, m.tok, fam, n, batch, m.in_dim)
        _, loss = net(*(torch.from_numpy(a).to(device) for a in (f, x, y)))
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
        if minutes is not None and _all_agree(time.perf_counter() - t0 > 60 * minutes, world):
            log(f"stopped by --minutes at step {step}")
            break
    rec = record()
    rec["world_size"] = world
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
    if device == "cuda" and "LOCAL_RANK" in os.environ:        # torchrun: one GPU per rank
        device = f"cuda:{int(os.environ['LOCAL_RANK'])}"
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
