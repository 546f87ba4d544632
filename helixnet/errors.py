"""The errors helixnet raises on bad input and on output it cannot write.

Every message names the column (or row, record, node, file), shows a few offending values, and
says how to fix the input.
"""

from __future__ import annotations

__all__ = ["HelixDataError", "HelixOutputError", "HelixWarning"]


class HelixDataError(ValueError):
    """Input data that helixnet cannot use as it is.

    A subclass of :class:`ValueError`, so code that catches ``ValueError`` keeps working.

    Examples
    --------
    >>> import pandas as pd
    >>> import helixnet as hx
    >>> try:
    ...     hx.presence_table(pd.DataFrame({"event": ["e1"]}))
    ... except hx.HelixDataError as error:
    ...     print(isinstance(error, ValueError), "organisation" in str(error))
    True True
    """


class HelixOutputError(OSError):
    """A file helixnet could not write: disk full, permission denied, missing directory, ...

    The message names the file, what the system said and what to do; the old file at that path,
    if any, is unchanged. A subclass of :class:`OSError` (not of :class:`HelixDataError`): the
    data are fine, the file system refused, and code that catches ``OSError`` keeps working.
    ``errno`` and ``filename`` are those of the underlying error.

    Parameters
    ----------
    message : str
        What failed, for which file, and what to do.
    errno : int, optional
        The error number of the underlying :class:`OSError`.
    filename : str, optional
        The file that could not be written.

    Examples
    --------
    >>> import errno
    >>> error = HelixOutputError("cannot write out.html: disk full; free some space", errno=errno.ENOSPC, filename="out.html")
    >>> isinstance(error, OSError), error.filename, str(error)
    (True, 'out.html', 'cannot write out.html: disk full; free some space')
    """

    def __init__(self, message: str, *, errno: int | None = None, filename: str | None = None):
        super().__init__(message)
        self.errno = errno
        self.strerror = message
        self.filename = filename

    def __str__(self) -> str:
        return self.strerror or ""


class HelixWarning(UserWarning):
    """A documented repair of the input (reported, never silent).

    Examples
    --------
    Turn the repairs into errors where the input must be clean:

    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("error", HelixWarning)
    ...     try:
    ...         warnings.warn("3 control characters replaced", HelixWarning)
    ...     except HelixWarning as warning:
    ...         print(warning)
    3 control characters replaced
    """
