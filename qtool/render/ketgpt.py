"""Renderers for `qtool ketgpt`: the verification report."""

from __future__ import annotations


def print_verify_report(r: dict) -> None:
    """The `qtool ketgpt verify` report (the dict of qtool.ketgpt.verify.verify) as rich text."""
    from rich.console import Console
    from rich.table import Table

    con = Console()
    v = r["validity"]
    con.print(f"[bold]validity[/]: {v['valid_fraction']:.1%} valid ({v['parsed']}/{v['total']} parse, "
              f"{v['simulated']} simulate on qsim), {v['novel_fraction']:.1%} novel, "
              f"{v['distinct_fraction']:.1%} distinct")
    three = r["classifier"]["three_way"]
    t = Table(title=f"three-way classifier, held-out confusion (accuracy {three['accuracy']:.1%})")
    t.add_column("true \\ predicted")
    for c in three["classes"]:
        t.add_column(c, justify="right")
    for c, row in zip(three["classes"], three["confusion"]):
        t.add_row(c, *map(str, row))
    con.print(t)
    b = r["classifier"]["real_vs_random"]
    con.print(f"[bold]real-vs-random classifier[/] (held-out accuracy {b['accuracy']:.1%}): calls "
              f"{b['generated_called_real']:.1%} of generated real, {b['random_called_real']:.1%} "
              f"of random, {b['real_called_real']:.1%} of real")
    s = r["structure"]
    t = Table(title="structure: Jensen-Shannon divergence to the real set (0 = same)")
    t.add_column("metric")
    t.add_column("generated", justify="right")
    t.add_column("random", justify="right")
    for k, g in s["js_generated_vs_real"].items():
        mark = " (matched)" if k in s["matched_by_construction"] else ""
        t.add_row(k + mark, f"{g:.3f}", f"{s['js_random_vs_real'][k]:.3f}")
    t.add_row("mean (unmatched)", f"{s['mean_js']['generated']:.3f}", f"{s['mean_js']['random']:.3f}")
    t.add_row("MMD^2", f"{s['mmd']['generated']:.3f}", f"{s['mmd']['random']:.3f}")
    if s.get("real_vs_real"):
        t.caption = (f"a second real sample (chance level): mean JS "
                     f"{s['real_vs_real']['mean_js']:.3f}, MMD^2 {s['real_vs_real']['mmd']:.3f}")
    con.print(t)
    goals = ", ".join(f"{k} {'ok' if ok else 'MISSED'}" for k, ok in r["goals"].items())
    con.print(f"goals: {goals}")
