"""The Parallax desktop reader (Qt). A client of the core like the CLI is.

Nothing in `compare` outside this package may import it or Qt; everything
here draws what the core answers and keeps no alignment logic of its own.
"""

from compare.gui.pyside_guard import protect_none

protect_none()
