"""JSON schema names of the documents the CLI builds itself (`--json`).

Documents built by the core carry their own constant next to the code that builds them
(qtool.sim.report.SCHEMA, qtool.qpe.run.SCHEMA, ...). This module has no imports, so a
command module can name these at import time without loading rich or the core.
"""

SCHEMA_INFO = "qtool.info/1"
SCHEMA_GEN_FAMILIES = "qtool.gen.families/1"
SCHEMA_DATASET = "qtool.ketgpt.dataset-summary/1"
SCHEMA_TRAIN = "qtool.ketgpt.train/1"
SCHEMA_BENCH = "qtool.bench.ketgpt/1"
