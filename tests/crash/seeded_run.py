"""How a crash test runs: with the options every one takes (how many calls and kills, and the seed
it was given to replay a run, or a new one), in a work folder of its own that is deleted
afterwards."""

import argparse
import pathlib
import random
import tempfile
from collections.abc import Callable


def run_seeded(run: Callable[[argparse.Namespace, int, pathlib.Path], int], options: argparse.Namespace,
               folder_prefix: str) -> int:
    """run(options, seed, folder)'s exit status, the seed being options.seed unless it is None."""
    seed = options.seed if options.seed is not None else random.randrange(2**32)
    with tempfile.TemporaryDirectory(prefix=folder_prefix) as directory:
        return run(options, seed, pathlib.Path(directory))


def add_call_options(parser: argparse.ArgumentParser, starts: int, cancels: int, kills: int, kills_help: str) -> None:
    """Adds --starts, --cancels, --kills and --seed, with these defaults."""
    parser.add_argument("--starts", type=int, default=starts, help=f"assessment.start calls (default {starts})")
    parser.add_argument("--cancels", type=int, default=cancels, help=f"assessment.cancel calls (default {cancels})")
    parser.add_argument("--kills", type=int, default=kills, help=f"{kills_help} (default {kills})")
    parser.add_argument("--seed", type=int, help="the random seed, to replay a run (default: a new one)")
