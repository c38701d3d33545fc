"""One entry point for `main.py` and the `parallax` script: a subcommand runs the
command line, anything else opens the desktop app (imported only then, so the
command line never loads Qt)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from compare.model.threads import single_threaded_blas

    single_threaded_blas()  # before anything loads NumPy (see compare/model/threads.py)
    from compare.cli.commands import COMMAND_NAMES, run

    if args and (args[0] in COMMAND_NAMES or args[0] in ("-h", "--help", "--version")):
        from compare.model.collection import skip_collection_at_exit
        from compare.model.memory import keep_freed_memory

        # A command's process runs once and exits (not the app's: it lives on, and Qt tears down).
        skip_collection_at_exit()
        keep_freed_memory()
        return run(args)
    from compare.gui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":  # `python -m compare.cli.entry`, as `python -m compare`
    sys.exit(main())
