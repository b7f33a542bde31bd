"""Malformed KetGPT checkpoints, configs and datasets: exit 2 and a message naming the
problem, never "internal error". Driven through the real CLI."""

from __future__ import annotations

import copy
import json

import pytest
import torch
from typer.testing import CliRunner

from qtool.cli.main import app
from qtool.ketgpt import checkpoint as ck
from qtool.ketgpt.tokenizer import Tokenizer

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


@pytest.fixture(scope="module")
def shipped_doc():
    return torch.load(ck.SHIPPED, map_location="cpu", weights_only=True)


def bad_checkpoint(tmp_path, doc, edit):
    d = copy.copy(doc)
    d["model_config"] = dict(doc["model_config"])
    d["tokenizer"] = dict(doc["tokenizer"])
    edit(d)
    path = tmp_path / "bad.pt"
    torch.save(d, path)
    return path


def expect_refused(r, *fragments):
    assert r.exit_code == 2, r.output
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert r.stderr.startswith("qtool: error: ")
    for f in fragments:
        assert f in r.stderr, r.stderr


@pytest.mark.parametrize("edit,fragments", [
    (lambda d: d["model_config"].pop("n_head"), ["bad KetGPT checkpoint", "missing field(s) 'n_head'"]),
    (lambda d: d["model_config"].update(n_layers=4), ["unknown field(s) 'n_layers'"]),
    (lambda d: d["model_config"].update(n_layer=256, n_embd=65536),
     ["over the limit of 250,000,000"]),
    (lambda d: d["model_config"].update(n_layer=200), ["asks for about", "but it stores"]),
    (lambda d: d["model_config"].update(n_embd=64), ["weights do not fit its model_config"]),
    (lambda d: d["model_config"].update(n_layer=True), ["n_layer must be a whole number, got a boolean"]),
    (lambda d: d["model_config"].update(vocab_size=10), ["smaller than the tokenizer's"]),
    (lambda d: d.update(model_config=[1, 2]), ["expected an object of GPTConfig fields"]),
    (lambda d: d["tokenizer"].update(max_qubits="32"), ["tokenizer.max_qubits must be a whole number"]),
    (lambda d: d.pop("state_dict"), ["no state_dict of tensors"]),
])
def test_generate_refuses_a_malformed_checkpoint(tmp_path, shipped_doc, edit, fragments):
    path = bad_checkpoint(tmp_path, shipped_doc, edit)
    r = run("ketgpt", "generate", "--checkpoint", path, "--count", 1)
    expect_refused(r, str(path), *fragments)


def test_generate_refuses_a_file_that_is_not_a_checkpoint(tmp_path):
    path = tmp_path / "junk.pt"
    path.write_bytes(b"\x00not a zip" * 10)
    expect_refused(run("ketgpt", "generate", "--checkpoint", path), "not a KetGPT checkpoint")


@pytest.fixture
def empty_dataset(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps({"schema": "qtool.ketgpt.dataset/1",
                                "tokenizer": Tokenizer().to_dict(), "examples": []}))
    return path


@pytest.mark.parametrize("text,fragment", [
    ('{"n_layer": 1e400}', "n_layer must be a whole number, got a fraction (inf)"),
    ('{"n_layer": -1}', "n_layer must be between 1 and 256, got -1"),
    ('{"n_head": true}', "n_head must be a whole number, got a boolean (true)"),
    ('{"n_embd": 2.5}', "n_embd must be a whole number"),
    ('{"dropout": 7}', "dropout must be a number in [0.0, 1.0)"),
    ('{"bias": 1}', "bias must be true or false"),
    ('{"layers": 3}', "unknown field(s) 'layers'"),
    ('[1, 2]', "expected an object of GPTConfig fields"),
    ('{"n_layer": 256, "n_embd": 65536}', "over the limit"),
    ("[" * 100_000, "JSON nested too deeply"),
    ('{"n_layer": ', "not JSON"),
])
def test_train_refuses_a_malformed_config(tmp_path, empty_dataset, text, fragment):
    cfg = tmp_path / "cfg.json"
    cfg.write_text(text)
    out = tmp_path / "m.pt"
    r = run("ketgpt", "train", "--data", empty_dataset, "--config", cfg, "--out", out)
    expect_refused(r, f"--config {cfg}", fragment)
    assert not out.exists()


def _dataset(**changes):
    doc = {"schema": "qtool.ketgpt.dataset/1", "tokenizer": Tokenizer().to_dict(),
           "examples": [{"source": "a.qasm", "family": None, "qubits": 2,
                         "tokens": "<bos> n:2 f:* g:h q:0 <eos>", "fingerprint": "x",
                         "split": "train"}]}
    doc.update(changes)
    return json.dumps(doc)


GOOD_EXAMPLE = json.loads(_dataset())["examples"][0]


@pytest.mark.parametrize("text,fragment", [
    ("[" * 100_000, "JSON nested too deeply"),
    ('{"schema": "qtool.ketgpt.dataset/1", ', "not a KetGPT dataset (bad JSON"),
    (_dataset(examples={"a": 1}), "'examples' must be a list, got dict"),
    (_dataset(examples=[3]), "examples[0] must be an object, got int"),
    (_dataset(examples=[{**GOOD_EXAMPLE, "qubits": "2"}]), "examples[0].qubits must be a whole number"),
    (_dataset(examples=[{**GOOD_EXAMPLE, "qubits": True}]), "examples[0].qubits must be a whole number"),
    (_dataset(examples=[{**GOOD_EXAMPLE, "tokens": ["g:h"]}]), "examples[0].tokens must be a string"),
    (_dataset(examples=[{**GOOD_EXAMPLE, "tokens": "g:nope"}]), "'g:nope' is not in the tokenizer's vocabulary"),
    (_dataset(examples=[{**GOOD_EXAMPLE, "split": "test"}]), "examples[0].split must be 'train' or 'val'"),
    (_dataset(tokenizer=[]), "'tokenizer' must be an object, got list"),
    (_dataset(tokenizer={**Tokenizer().to_dict(), "angle_bins": 10 ** 12}), "tokenizer.angle_bins"),
    (_dataset(skipped=[1]), "'skipped' must be an object"),
])
def test_train_refuses_a_malformed_dataset(tmp_path, text, fragment):
    data = tmp_path / "data.json"
    data.write_text(text)
    r = run("ketgpt", "train", "--data", data, "--config", "tiny", "--out", tmp_path / "m.pt")
    expect_refused(r, str(data), fragment)


def test_the_hand_written_dataset_is_accepted(tmp_path):
    """The fixture above is valid, so the refusals are about the one field changed."""
    from qtool.ketgpt.dataset import Dataset

    data = tmp_path / "data.json"
    data.write_text(_dataset())
    assert len(Dataset.load(data).examples) == 1
