"""`python -m tui [FILE]`: the same app as `qtool tui [FILE]`."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui", description="Edit and inspect a quantum circuit.")
    parser.add_argument("file", nargs="?", help="OpenQASM file to open (created on save if new)")
    parser.add_argument("--qubits", type=int, default=3, help="qubits of a new circuit (default 3)")
    args = parser.parse_args(argv)
    from qtool.errors import QtoolError
    from tui.app import make_app

    try:
        app = make_app(args.file, qubits=args.qubits)
    except QtoolError as exc:
        print(f"qtool: error: {exc}", file=sys.stderr)
        return exc.exit_code
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
