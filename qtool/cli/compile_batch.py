"""`qtool compile` of many inputs (files, folders, a stream on stdin): each compiled as a
task of qtool.batch, written under `-o OUTDIR` with its input's name (or as a stream of
programs on stdout), its report on stderr or, with --json, as one JSON line on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from qtool.cli.common import note


def _out_folder(out: Path | None) -> Path | None:
    from qtool.errors import QtoolError

    if out is None:
        return None
    if out.exists() and not out.is_dir():
        raise QtoolError(f"-o {out}: several inputs are written to a folder, and this is a file")
    out.mkdir(parents=True, exist_ok=True)
    return out


def _tagged(text: str, source: str) -> str:
    """A program of the output stream, saying (after its header) which input it came from."""
    head, _, rest = text.partition("\n")
    return f"{head}\n// qtool compile: {source}\n{rest}"


def compile_many(batch, spec, *, out: Path | None, report: str, report_out: Path | None,
                 json_out: bool, workers, cluster) -> None:
    from qtool.batch import Failure
    from qtool.batch.inputs import output_path
    from qtool.batch.tasks import compile_task
    from qtool.cli.batching import Outcome, executor, json_line, run
    from qtool.io import atomic_write, write_stdout

    folder = _out_folder(out)
    outcome = Outcome(json_lines=json_out)
    reports: list[str] = []
    written: dict[Path, str] = {}  # output file -> the input it holds
    total = len(batch.entries)
    with executor(workers, cluster) as ex:
        for result in run(ex, compile_task, batch.tasks(spec), total, "compile"):
            if isinstance(result, Failure):
                outcome.failed(result)
                continue
            doc = dict(result.report)
            if folder is not None:
                item_path = output_path(folder, _item_of(batch, result.source))
                if item_path in written:
                    outcome.failed(Failure(result.source, f"{result.source}: its output "
                                           f"{item_path} would overwrite that of "
                                           f"{written[item_path]}; give the inputs as folders, "
                                           "whose subfolders are kept", 2))
                    continue
                written[item_path] = result.source
                item_path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(item_path, result.qasm)
                doc["output"] = str(item_path)
            if json_out:
                json_line(doc if folder is not None else {**doc, "qasm": result.qasm})
            elif folder is None:
                write_stdout(_tagged(result.qasm, result.source))
            reports.append(json.dumps(doc))
            if report == "json":
                sys.stderr.write(json.dumps(doc) + "\n")
            elif report == "text":
                typer.echo(f"qtool: {result.summary}", err=True)
            if result.permuted and report != "json":
                typer.echo(f"qtool: NOTE: {result.source}: --permute-qubits: logical qubit -> "
                           f"output qubit: {result.permuted}", err=True)
    if report_out is not None:
        atomic_write(report_out, "".join(r + "\n" for r in reports))
    if folder is not None and report != "none":
        note(f"wrote {len(reports)} circuits to {folder}/")
    outcome.finish(total)


def _item_of(batch, name: str):
    """The input entry called `name` (for its relative output path)."""
    index = batch.index()
    return index[name]
