"""`qtool ketgpt ...`: generate circuits with the shipped transformer, build training sets,
train, and verify. Thin: options in, one core call (qtool.ketgpt.*), output out.

Imports only typer and the stdlib at module level; torch and cirq load inside commands.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from qtool.render.schemas import SCHEMA_BENCH, SCHEMA_DATASET, SCHEMA_TRAIN
from qtool.cli.common import ClusterOpt, JsonOpt, SeedOpt, ThreadsOpt, cli_command, note, print_json, progress, resolve_seed

ketgpt_app = typer.Typer(
    name="ketgpt",
    help="KetGPT: a small transformer that writes realistic OpenQASM circuits, and its verifier.",
    no_args_is_help=True,
)

CheckpointOpt = Annotated[
    Optional[Path],
    typer.Option("--checkpoint", "-m", help="Model checkpoint (default: the one shipped with qtool)."),
]


def _load(checkpoint: Optional[Path]):
    from qtool.ketgpt import checkpoint as ck

    return ck.load(checkpoint)


def _sample_options(temperature, top_k, top_p, seed, batch_size=64, threads=None):
    from qtool.ketgpt.sample import SampleOptions

    opts = SampleOptions(temperature=temperature, top_k=top_k, top_p=top_p, seed=seed,
                         batch_size=batch_size, threads=threads)
    opts.check()
    return opts


@ketgpt_app.command("generate")
@cli_command
def generate_cmd(
    qubits: Annotated[Optional[int], typer.Option("--qubits", "-n", min=1,
                      help="Qubits per circuit (default: drawn like the training set).")] = None,
    family: Annotated[Optional[str], typer.Option("--family", "-f",
                      help="Condition on an algorithm family (see `qtool gen --list`).")] = None,
    count: Annotated[int, typer.Option("--count", "-c", min=1, help="How many circuits.")] = 1,
    temperature: Annotated[float, typer.Option("--temperature", help="Sampling temperature (> 0).")] = 1.0,
    top_k: Annotated[Optional[int], typer.Option("--top-k", min=1, help="Keep the k likeliest tokens.")] = None,
    top_p: Annotated[Optional[float], typer.Option("--top-p", help="Nucleus sampling mass, in (0, 1].")] = None,
    seed: SeedOpt = None,
    out: Annotated[str, typer.Option("--out", "-o",
                   help="A folder to write one .qasm file per circuit into, or '-' for stdout.")] = "-",
    checkpoint: CheckpointOpt = None,
    threads: ThreadsOpt = None,
    tries: Annotated[Optional[int], typer.Option("--tries", min=1,
                     help="With --family ghz, wstate, qft, bv or grover: check that each circuit "
                          "does what the family does, and redraw one that does not, at most "
                          "this many draws in all (1: check only).")] = None,
) -> None:
    """Write new OpenQASM 2.0 circuits, each valid by construction.

    On stdout the circuits follow each other, each starting with its OPENQASM line and a
    `// ketgpt` comment; `qtool ketgpt verify -` reads such a stream back.

    With --tries N the family's function is checked (the state a ghz or wstate prepares, a
    qft's unitary, a bv's secret, a grover's marked item, as `ketgpt verify --functional`
    scores them): each comment says `works=yes` or `works=no` and how many draws it took,
    a ghz or wstate is cut at its first prefix that works, and stderr says how many worked
    as first drawn (the model's own share) and after the check.

    Example: qtool ketgpt generate --qubits 5 --family qft --count 3 --seed 1
    """
    from qtool.io import atomic_write
    from qtool.ketgpt.generate import generate

    import dataclasses

    opts = _sample_options(temperature, top_k, top_p, seed, threads=threads)
    if tries is not None:
        from qtool.ketgpt.checked import check_request

        check_request(family, qubits, tries)
    ckpt = _load(checkpoint)
    opts = dataclasses.replace(opts, seed=resolve_seed(seed))
    t0 = time.perf_counter()
    marks = None
    if tries is None:
        circuits = generate(ckpt, count, qubits, family, opts)
    else:
        from qtool.ketgpt.checked import generate_working

        checked = generate_working(ckpt, count, qubits, family, opts, tries)
        circuits = checked.circuits
        marks = [f" works={'yes' if w else 'no'} draws={d}"
                 for w, d in zip(checked.works, checked.draws)]
        note(f"{family}: {checked.first_draw_works}/{count} worked as first drawn, "
             f"{checked.working}/{count} work after the check "
             f"({checked.total_draws} draws, at most {tries} each)")
    dt = time.perf_counter() - t0
    if out == "-":
        for i, g in enumerate(circuits):
            sys.stdout.write(_with_comment(g, i, count, marks[i] if marks else ""))
        sys.stdout.flush()
    else:
        folder = Path(out)
        if folder.exists() and not folder.is_dir():
            from qtool.errors import QtoolError

            raise QtoolError(f"{out}: exists and is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
        width = max(4, len(str(count)))
        for i, g in enumerate(circuits):
            atomic_write(folder / f"ketgpt_{i + 1:0{width}d}.qasm",
                         _with_comment(g, i, count, marks[i] if marks else ""))
    if sys.stderr.isatty():
        note(f"generated {count} circuits in {dt:.2f} s ({count / dt:.1f} circuits/s)")


def _with_comment(g, i: int, count: int, mark: str = "") -> str:
    head, rest = g.qasm.split("\n", 1)
    fam = g.family or "*"
    return f"{head}\n// ketgpt circuit {i + 1}/{count}: qubits={g.qubits} family={fam}{mark}\n{rest}"


@ketgpt_app.command("dataset")
@cli_command
def dataset_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="Dataset file to write (JSON), atomically.")],
    from_library: Annotated[bool, typer.Option("--from-library", help="Use the algorithm library (`qtool gen`).")] = False,
    folders: Annotated[Optional[List[Path]], typer.Option("--from", help="A folder of .qasm files (repeatable).")] = None,
    families: Annotated[Optional[str], typer.Option("--families", help="Comma-separated library families (default: all).")] = None,
    min_qubits: Annotated[int, typer.Option("--min-qubits", min=1, help="Smallest library size.")] = 2,
    max_qubits: Annotated[int, typer.Option("--max-qubits", min=1, max=32, help="Largest library size.")] = 12,
    seeds: Annotated[int, typer.Option("--seeds", min=1, help="Seeds per size for seeded families.")] = 8,
    max_tokens: Annotated[int, typer.Option("--max-tokens", min=16, help="Drop circuits longer than this.")] = 1024,
    val_fraction: Annotated[float, typer.Option("--val-fraction", min=0.0, max=0.5, help="Held-out share.")] = 0.05,
    mqt: Annotated[Optional[List[Path]], typer.Option("--mqt", help="A folder written by benchmarks/ketgpt_mqt_corpus.py (repeatable); needs --test-out.")] = None,
    qasmbench: Annotated[Optional[List[Path]], typer.Option("--qasmbench", help="A QASMBench folder (repeatable); needs --test-out.")] = None,
    test_out: Annotated[Optional[Path], typer.Option("--test-out", help="Build the real corpus (deduplicated, hold-outs) and write its test set here as .qasm files.")] = None,
    hold_out_families: Annotated[Optional[str], typer.Option("--hold-out-families", help="Comma-separated families kept whole for the test set.")] = None,
    cell_fraction: Annotated[float, typer.Option("--cell-fraction", min=0.0, max=1.0, help="Share of each family's sizes held out whole.")] = 0.15,
    test_max_qubits: Annotated[int, typer.Option("--test-max-qubits", min=1, help="Largest test circuit.")] = 10,
    test_seeds: Annotated[int, typer.Option("--test-seeds", min=0, help="With --test-out: library circuits per held-out cell with seeds no training set uses.")] = 0,
    angle_variants: Annotated[bool, typer.Option("--angle-variants", help="With --test-out: keep training circuits that differ only in angles (test circuits still differ from every training one up to angles).")] = False,
    augment: Annotated[int, typer.Option("--augment", min=0, help="With --test-out: this many augmented ghz, bv, qft, grover circuits per size, checked to work (training only).")] = 0,
    json_out: JsonOpt = False,
) -> None:
    """Build a training set from library families over a range of sizes and/or .qasm folders.

    With --test-out, the real corpus: library, MQT Bench and QASMBench circuits deduplicated
    by fingerprint and by structure up to angles, whole families and (family, size) cells held
    out for the test set, which is written as .qasm files (for `verify --real`).

    Example: qtool ketgpt dataset --from-library --max-qubits 10 --out data.json
    """
    from qtool.io import atomic_write
    from qtool.ketgpt import dataset as ds

    fams = [f.strip() for f in families.split(",") if f.strip()] if families else None
    if test_out is not None:
        _real_dataset(out, test_out, from_library, folders, mqt, qasmbench, fams,
                      min_qubits, max_qubits, seeds, max_tokens, val_fraction,
                      hold_out_families, cell_fraction, test_max_qubits, test_seeds, json_out,
                      angle_variants, augment)
        return
    if mqt or qasmbench or angle_variants or augment:
        from qtool.errors import QtoolError

        raise QtoolError("--mqt, --qasmbench, --angle-variants and --augment build the real "
                         "corpus: give --test-out DIR too")
    with progress(None, "tokenizing circuits") as advance:
        data, tok = ds.build_training_set(from_library, folders or [], fams, min_qubits,
                                          max_qubits, seeds, max_tokens, val_fraction, advance)
    atomic_write(out, data.to_json())
    summary = {"schema": SCHEMA_DATASET, "out": str(out), **ds.summary(data, tok)}
    if json_out:
        print_json(summary)
    else:
        typer.echo(f"{out}: {summary['circuits']} circuits ({summary['train']} train, "
                   f"{summary['val']} held out), {summary['tokens']} tokens, "
                   f"{summary['skipped']} skipped, vocabulary {summary['vocabulary']}")


def _real_dataset(out, test_out, from_library, from_dirs, mqt, qasmbench, fams, min_qubits,
                  max_qubits, seeds, max_tokens, val_fraction, hold_out, cell_fraction,
                  test_max_qubits, test_seeds, json_out, angle_variants=False, augment=0):
    import shlex

    from qtool.errors import QtoolError
    from qtool.io import atomic_write
    from qtool.ketgpt import corpus, dataset as ds

    if fams is not None:
        raise QtoolError("--families does not combine with --test-out (hold families out "
                         "with --hold-out-families)")
    opts = corpus.RealOptions(
        library=from_library, library_seeds=seeds, min_qubits=min_qubits, max_qubits=max_qubits,
        mqt=[str(p) for p in mqt or []], qasmbench=[str(p) for p in qasmbench or []],
        folders=[str(p) for p in from_dirs or []], max_tokens=max_tokens,
        val_fraction=val_fraction, cell_fraction=cell_fraction, test_max_qubits=test_max_qubits,
        test_seeds=test_seeds, angle_variants=angle_variants, augment=augment,
        holdout_families=[f.strip() for f in (hold_out or "").split(",") if f.strip()])
    with progress(None, "tokenizing circuits") as advance:
        data, sp = corpus.build_real(opts, advance)
    if sys.argv[1:3] == ["ketgpt", "dataset"]:  # the exact command line, when run as one
        data.meta["command"] = "qtool ketgpt dataset " + shlex.join(sys.argv[3:])
    data.meta["test_folder"] = str(test_out)
    corpus.write_folder(sp.test, test_out, data.tokenizer)
    atomic_write(out, data.to_json())
    summary = {"schema": SCHEMA_DATASET, "out": str(out), **ds.summary(data, data.tokenizer),
               "test": len(sp.test), "test_out": str(test_out),
               "held_out_families": list(sp.families),
               "held_out_cells": len(sp.cells), "test_moved_for_leakage": sp.moved,
               "by_origin": data.meta["make_up"]["by_origin"],
               "duplicates_dropped": data.meta["duplicates_dropped"]}
    if json_out:
        print_json(summary)
    else:
        typer.echo(f"{out}: {summary['circuits']} training circuits ({summary['train']} train, "
                   f"{summary['val']} validation) from {summary['by_origin']}; {summary['test']} "
                   f"test circuits in {test_out} ({summary['held_out_cells']} held-out cells, "
                   f"families {', '.join(sp.families) or 'none'}); {summary['skipped']} skipped")


@ketgpt_app.command("train")
@cli_command
def train_cmd(
    data: Annotated[Path, typer.Option("--data", help="Dataset file from `qtool ketgpt dataset`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Checkpoint to write (atomically, at every evaluation).")],
    config: Annotated[str, typer.Option("--config", help="Model size: tiny, small, base, or a JSON file of GPTConfig fields.")] = "small",
    steps: Annotated[int, typer.Option("--steps", min=1, help="Optimizer steps (total, including resumed ones).")] = 2000,
    max_minutes: Annotated[Optional[float], typer.Option("--max-minutes", help="Stop after this much wall time.")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Continue from the checkpoint at --out.")] = False,
    init: Annotated[Optional[Path], typer.Option("--init", help="Fine-tune: start from this checkpoint's weights (same tokenizer), with the new data's metadata.")] = None,
    batch_tokens: Annotated[int, typer.Option("--batch-tokens", min=64, help="Padded tokens per batch.")] = 8192,
    lr: Annotated[float, typer.Option("--lr", help="Peak learning rate.")] = 3e-3,
    eval_every: Annotated[int, typer.Option("--eval-every", min=1, help="Steps between held-out evaluations.")] = 200,
    family_min: Annotated[int, typer.Option("--family-min", min=0, help="Repeat a rarer family's circuits to about this many per epoch (0: off).")] = 0,
    time_schedule: Annotated[bool, typer.Option("--time-schedule", help="With --max-minutes: decay the learning rate over the wall time when that runs out before the steps.")] = False,
    init_data: Annotated[Optional[Path], typer.Option("--init-data", help="With --init: the dataset that checkpoint was trained on, so the new one records its circuits as trained on too.")] = None,
    threads: ThreadsOpt = None,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Train KetGPT on a dataset, with a progress bar (loss, tokens/s), on CUDA if present.

    Example: qtool ketgpt train --data data.json --config small --max-minutes 10 --out ketgpt.pt
    """
    from qtool.ketgpt import checkpoint as ck
    from qtool.ketgpt.dataset import Dataset
    from qtool.ketgpt.train import TrainOptions, train

    if time_schedule and max_minutes is None:
        from qtool.errors import QtoolError

        raise QtoolError("--time-schedule decays over --max-minutes: give --max-minutes too")
    dataset = Dataset.load(data)
    cfg = _config(config)
    prior = ck.load(out) if resume else None
    start = ck.load(init) if init is not None else None
    if init_data is not None and init is None:
        from qtool.errors import QtoolError

        raise QtoolError("--init-data describes the --init checkpoint: give --init too")
    prior_data = Dataset.load(init_data) if init_data is not None else None
    opts = TrainOptions(steps=steps, max_seconds=None if max_minutes is None else 60 * max_minutes,
                        batch_tokens=batch_tokens, lr=lr, eval_every=eval_every,
                        seed=(seed := resolve_seed(seed)), threads=threads,
                        family_min=family_min, time_schedule=time_schedule)
    with progress(steps, "training") as advance:
        def report(p):
            val = f" val {p.val_loss:.3f}" if p.val_loss is not None else ""
            advance(1, f"step {p.step} loss {p.loss:.3f}{val} {p.tokens_per_s:,.0f} tok/s")

        if prior is not None:
            advance(int(prior.meta.get("training", {}).get("steps", 0)))
        result = train(dataset, cfg, opts, str(out), prior, report, start, prior_data)
    info = dict(result.meta.get("training", {}))
    info.update(schema=SCHEMA_TRAIN, out=str(out), seed=seed)
    if json_out:
        print_json(info)
    else:
        typer.echo(f"{out}: {info.get('steps')} steps in {info.get('seconds')} s, "
                   f"{info.get('parameters'):,} parameters, train loss {info.get('train_loss'):.3f}, "
                   f"held-out loss {info.get('val_loss'):.3f}")


def _config(spec: str):
    import json

    from qtool.errors import QtoolError
    from qtool.ketgpt.model import CONFIGS, GPTConfig

    if spec in CONFIGS:
        return GPTConfig(**CONFIGS[spec])
    p = Path(spec)
    if not p.is_file():
        raise QtoolError(f"--config {spec!r}: not one of {', '.join(CONFIGS)} nor a JSON file")
    from qtool.io import read_text

    text, _ = read_text(p)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise QtoolError(f"--config {spec}:{exc.lineno}:{exc.colno}: not JSON ({exc.msg})") from None
    except RecursionError:
        raise QtoolError(f"--config {spec}: JSON nested too deeply") from None
    try:
        return GPTConfig.from_dict(doc)
    except ValueError as exc:
        raise QtoolError(f"--config {spec}: not a GPTConfig JSON object ({exc})") from None


@ketgpt_app.command("verify")
@cli_command
def verify_cmd(
    generated: Annotated[Optional[List[str]], typer.Argument(
        help="Generated .qasm files, folders of them, or '-' for a stream on stdin. "
             "None: generate --count circuits from the checkpoint.")] = None,
    count: Annotated[int, typer.Option("--count", "-c", min=4, help="Circuits to generate when none are given.")] = 200,
    max_qubits: Annotated[Optional[int], typer.Option("--max-qubits", min=1, help="Largest size to generate.")] = None,
    real: Annotated[Optional[Path], typer.Option("--real", help="Folder of real .qasm circuits (default: held-out library circuits).")] = None,
    real_count: Annotated[int, typer.Option("--real-count", min=4, help="Real circuits to draw from the library.")] = 2000,
    classifier_steps: Annotated[int, typer.Option("--classifier-steps", min=1, help="Training steps per classifier.")] = 1500,
    plot: Annotated[Optional[Path], typer.Option("--plot", help="Save the structure histograms (PNG or SVG).")] = None,
    checkpoint: CheckpointOpt = None,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", min=1, help="Check validity (parse + qsim) of the circuits on N local "
                                 "worker processes (default 1: in this process).")] = None,
    cluster: ClusterOpt = None,
    data: Annotated[Optional[Path], typer.Option("--data", help="The checkpoint's training set (dataset JSON): with --real, adds edit-distance novelty and the n-gram, shuffled and perturbed baselines.")] = None,
    functional: Annotated[int, typer.Option("--functional", min=0, help="With --real: generate this many circuits per size of ghz, wstate, qft, bv, grover and report the share that work.")] = 0,
    common_limit: Annotated[int, typer.Option("--common-limit", min=4, help="With --real: circuits per set compiled to rz, sx, x, cx.")] = 400,
) -> None:
    """Verify generated circuits three ways: validity and novelty, classifiers, structure.

    With --real DIR the report adds the honest verifier ("honest": schema
    qtool.ketgpt.verify-honest/1): the real circuits minus any the model trained on (by
    fingerprint, up to angles, up to relabelling), novelty three ways, five baselines, every
    distance also in rz/sx/x/cx, and the transformer against a feature-only logistic regression.

    Example: qtool ketgpt verify --count 1000 --plot structure.png
    """
    from qtool.ketgpt.classifier import ClassifierOptions
    from qtool.ketgpt.verify import VerifyOptions, parsed, verify

    ckpt = _load(checkpoint)
    texts = _read_generated(generated) if generated else None
    real_set = parsed(_read_generated([str(real)])) if real is not None else None
    s = resolve_seed(seed)  # after the inputs are known good: a refused run reports no seed
    if texts is None:
        from qtool.ketgpt.generate import generate

        texts = [g.qasm for g in generate(ckpt, count, None, None,
                                          _sample_options(1.0, None, None, s), max_qubits)]
    opts = VerifyOptions(real_count=real_count, seed=s, plot=str(plot) if plot else None,
                         classifier=ClassifierOptions(steps=classifier_steps, seed=s))
    validity = _validity_on_workers(texts, ckpt, workers, cluster)
    with progress(4, "verifying") as advance:
        report = verify(ckpt, texts, opts, real_set, lambda name: advance(1, name), validity)
    if real is not None:
        report["honest"] = _honest(ckpt, texts, real, data, functional, common_limit,
                                   classifier_steps, s)
    report["seed"] = s
    if json_out:
        print_json(report)
    else:
        from qtool.render.ketgpt import print_verify_report

        print_verify_report(report)
        if "honest" in report:
            from qtool.ketgpt.honest import table

            typer.echo("\nhonest verifier (real set disjoint from training):")
            for line in table(report["honest"]):
                typer.echo("  " + line)


def _honest(ckpt, texts, real, data, functional, common_limit, steps, seed):
    from qtool.ketgpt import honest
    from qtool.ketgpt.dataset import Dataset
    from qtool.ketgpt.verify import parsed

    train = honest.training_circuits(Dataset.load(data)) if data is not None else None
    opts = honest.HonestOptions(seed=seed, common_limit=common_limit, classifier_steps=steps)
    with progress(7, "honest verifier") as advance:
        rep = honest.honest(ckpt, parsed(texts), honest.read_folder(real), train, opts,
                            lambda name: advance(1, name))
    if data is None:
        rep["not_measured"] = ("edit-distance novelty and the ngram, shuffled and perturbed "
                               "baselines need the training set: give --data")
    if functional:
        from qtool.ketgpt.functional import functional_report

        rep["functional"] = functional_report(ckpt, per_size=functional, seed=seed)
    return rep


VALIDITY_CHUNK = 50  # circuits per task: a task of a few seconds, whatever the workers


def _validity_on_workers(texts, ckpt, workers, cluster):
    """The validity part as tasks of qtool.batch when --workers/--cluster asks for it."""
    import os

    from qtool.batch.executor import ENV_CLUSTER

    if (workers or 1) == 1 and not cluster and not os.environ.get(ENV_CLUSTER):
        return None
    from qtool.cli.batching import executor, run_all
    from qtool.ketgpt.validity import check_chunk, combine

    tasks = [(f"circuits {k}-{k + len(texts[k:k + VALIDITY_CHUNK]) - 1}",
              (k, texts[k:k + VALIDITY_CHUNK])) for k in range(0, len(texts), VALIDITY_CHUNK)]
    with executor(workers, cluster) as ex:
        chunks = run_all(ex, check_chunk, tasks, "validity")
    return combine([c for chunk in chunks for c in chunk], ckpt.training_fingerprints)


def _read_generated(items: List[str]) -> list[str]:
    from qtool.errors import QtoolError
    from qtool.io import read_text
    from qtool.ketgpt.generate import split_stream

    texts: list[str] = []
    for item in items:
        p = Path(item)
        if item != "-" and p.is_dir():
            files = sorted(p.rglob("*.qasm"))
            if not files:
                raise QtoolError(f"{item}: no .qasm files in this folder")
            texts += [read_text(str(f))[0] for f in files]
        else:
            texts += split_stream(read_text(item)[0])
    if not texts:
        raise QtoolError("no circuits to verify")
    return texts


@cli_command
def bench_cmd(
    count: Annotated[int, typer.Option("--count", "-c", min=1, help="Circuits to generate.")] = 1000,
    max_qubits: Annotated[int, typer.Option("--max-qubits", min=1, help="Largest circuit size.")] = 10,
    reference_count: Annotated[int, typer.Option("--reference-count", min=1,
                               help="Circuits for the no-cache reference run.")] = 64,
    threads: ThreadsOpt = None,
    checkpoint: CheckpointOpt = None,
    seed: SeedOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Generation speed of the shipped model: circuits/s with the KV cache, against the same
    sampler recomputing the whole prefix every step (the reference, measured in this run)."""
    from qtool.ketgpt.bench import generation_speed

    ckpt = _load(checkpoint)
    seed = resolve_seed(seed)
    res = generation_speed(ckpt, count, max_qubits, reference_count, seed, threads)
    res["schema"] = SCHEMA_BENCH
    res["seed"] = seed
    if json_out:
        print_json(res)
    else:
        typer.echo(f"KV cache: {res['cached']['circuits_per_s']:.1f} circuits/s "
                   f"({res['cached']['count']} circuits <= {max_qubits} qubits, "
                   f"{res['cached']['tokens_per_s']:,.0f} tokens/s); no cache: "
                   f"{res['uncached']['circuits_per_s']:.1f} circuits/s; speed-up x{res['speedup']:.1f}")


def register_bench(bench_app: typer.Typer) -> None:
    bench_app.command("ketgpt")(bench_cmd)


def register(app: typer.Typer) -> None:
    app.add_typer(ketgpt_app, name="ketgpt")
