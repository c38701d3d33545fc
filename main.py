"""Start Parallax: `python main.py` opens the app, `python main.py align ...` runs the CLI."""

import sys

from compare.cli.entry import main

if __name__ == "__main__":
    sys.exit(main())
