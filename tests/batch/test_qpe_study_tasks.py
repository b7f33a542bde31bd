"""`qpe study` split into tasks gives run_study's result exactly, on 1 and 2 workers."""

from __future__ import annotations

from qtool.batch import Executor
from qtool.qpe import study_tasks
from qtool.qpe.study import StudyConfig, run_study

PARTS = ("estimators", "trotter", "models")


def _cfg() -> StudyConfig:
    return StudyConfig(ms=(2, 3, 4), n_phases=64, shots=(0, 64, 128), seed=5,
                       models=("two-level",), model_ms=(3, 4), trotter_steps=(1, 2))


def test_units_reassemble_into_run_study():
    cfg = _cfg()
    units = study_tasks.units(cfg, set(PARTS))
    assert len(units) == 3 + 1 + 2
    rows = [study_tasks.run_unit(part, sub) for part, sub in units]
    assembled = study_tasks.assemble(cfg, set(PARTS), units, rows)
    assert assembled.to_json() == run_study(cfg, PARTS).to_json()


def test_units_on_two_workers_give_the_same_study(dask_client):
    cfg = _cfg()
    units = study_tasks.units(cfg, {"estimators", "models"})
    with Executor(client=dask_client) as ex:
        rows = list(ex.map(study_tasks.run_unit, [(p, (p, c)) for p, c in units], total=len(units)))
    assembled = study_tasks.assemble(cfg, {"estimators", "models"}, units, rows)
    assert assembled.to_json() == run_study(cfg, ("estimators", "models")).to_json()
