"""`python -m timeline`: the same command line as the `timeline` script."""

from timeline._cli import run

if __name__ == "__main__":
    run()
