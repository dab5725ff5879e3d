"""`python -m sousei` runs the command line."""

from sousei.cli import main

main()
