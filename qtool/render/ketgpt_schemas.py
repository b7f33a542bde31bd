"""JSON schema names of `qtool ketgpt` and `qtool bench ketgpt` documents.

A module of constants with no imports, so the CLI can name them without loading rich.
"""

SCHEMA_DATASET = "qtool.ketgpt.dataset-summary/1"
SCHEMA_TRAIN = "qtool.ketgpt.train/1"
SCHEMA_BENCH = "qtool.bench.ketgpt/1"
