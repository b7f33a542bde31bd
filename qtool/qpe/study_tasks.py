"""`qpe study` as independent tasks (for qtool.batch's executor): each unit of work of
run_study (one m of the estimator table, one model of the Trotter sweep, one (model, m)
of the model runs, one (model, p) of the noise sweep, one cell of the multi-time table, one
(state, m) of the chemistry table) is a call of the study's own part
function on a one-cell StudyConfig. Each cell's random stream is seeded by the cell
(`[seed, m, shots index]`), not by the order cells run in, so the assembled result is
exactly run_study's, on any number of workers."""

from __future__ import annotations

from dataclasses import replace

from qtool.qpe import study

def _chemistry(cfg: study.StudyConfig) -> list[dict]:
    from qtool.qpe.chemistry import chemistry_table

    return chemistry_table(cfg.chemistry)


PART_FUNCTIONS = {"estimators": study.estimator_table, "trotter": study.trotter_sweep,
                  "models": study.model_errors, "noise": study.noise_sweep,
                  "multitime": study.multitime_table, "chemistry": _chemistry}


def units(cfg: study.StudyConfig, parts) -> list[tuple[str, study.StudyConfig]]:
    """(part, one-cell config) per unit of work, in run_study's order."""
    out = []
    for part in ("estimators", "trotter", "models", "noise", "multitime", "chemistry"):
        if part not in parts:
            continue
        if part == "estimators":
            out += [(part, replace(cfg, ms=(m,))) for m in cfg.ms]
        elif part == "trotter":
            out += [(part, replace(cfg, models=(name,))) for name in cfg.models]
        elif part == "models":
            out += [(part, replace(cfg, models=(name,), model_ms=(m,)))
                    for name in cfg.models for m in cfg.model_ms]
        elif part == "noise":
            out += [(part, replace(cfg, noise_models=(name,), noise_levels=(p,)))
                    for name in cfg.noise_models for p in cfg.noise_levels]
        elif part == "multitime":
            out += [(part, replace(cfg, multitime_cells=(cell,))) for cell in cfg.multitime_cells]
        else:
            c = cfg.chemistry
            out += [(part, replace(cfg, chemistry=replace(c, states=(state,), ms=(m,))))
                    for state in c.states for m in c.ms]
    return out


def run_unit(part: str, cfg: study.StudyConfig) -> list[dict]:
    """The rows of one unit (a pure, picklable task)."""
    return PART_FUNCTIONS[part](cfg)


def assemble(cfg: study.StudyConfig, parts, unit_list, rows_per_unit) -> study.StudyResult:
    """The StudyResult run_study would give, from the units' rows (in `units` order)."""
    result = study.StudyResult(cfg)
    collected: dict[str, list[dict]] = {p: [] for p in PART_FUNCTIONS}
    for (part, _), rows in zip(unit_list, rows_per_unit):
        collected[part].extend(rows)
    # estimator_table loops shots outside m: put the rows back in that order
    order = {s: i for i, s in enumerate(cfg.shots)}
    est_rows = sorted(enumerate(collected["estimators"]),
                      key=lambda kv: (order[kv[1]["shots"]], kv[0]))
    if "estimators" in parts:
        result.estimators = [r for _, r in est_rows]
        result.verdicts = (study.verdicts(result.estimators, "mpd")
                           + study.verdicts(result.estimators, "mpd-inverted"))
    result.trotter = collected["trotter"]
    result.models = collected["models"]
    result.noise = collected["noise"]
    result.multitime = collected["multitime"]
    result.chemistry = collected["chemistry"]
    return result
