"""`python -m qtool` runs the CLI."""

from qtool.cli.main import main

if __name__ == "__main__":
    main()
