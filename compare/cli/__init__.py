"""The command line: `parallax align | sources | text | workspace …`, a contract other tools rely on.

`entry` decides between the command line and the app (Qt is imported only for
the app); `commands` holds the stateless commands, `workspace_commands` those
on a workspace file, `args` the argument types both share. Bad input exits
with status 2 and one line on stderr, never a traceback.
"""

from compare.cli.entry import main

__all__ = ["main"]
