"""The one error type users see: a short sentence, never a traceback."""


class SourceError(ValueError):
    """Input that cannot become a source (missing, binary, empty, malformed).

    The message is one line, shown as-is in a dialog or on stderr.
    """
