"""`python -m yjqa.cli` runs the `yjqa` command."""

from yjqa.cli.main import main

main()
