"""`python -m compare ...` does what `python main.py ...` and the `parallax` script do."""

import sys

from compare.cli.entry import main

if __name__ == "__main__":
    sys.exit(main())
