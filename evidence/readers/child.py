"""The bounded child process that reads a PDF (see :mod:`evidence.readers.pdfpages`).

The child gets the PDF's bytes on its standard input and writes its answer (JSON) to a
temporary file, never a pipe: the file's size is capped by ``RLIMIT_FSIZE`` and checked
before a byte of it is read, so however hostile the PDF, the parent reads at most
:data:`MAX_ANSWER` bytes. Its memory, processor time and wall-clock time are capped too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from evidence.errors import SourceError

#: The most memory the child reading a PDF may use, in bytes.
MEMORY = 2 * 2**30
#: The most processor time it may use, and the most time it may take, in seconds.
CPU_SECONDS = 120
WALL_SECONDS = 300
#: The longest answer the parent reads: the pages of a source at the text limit (4 MB)
#: come to about 10 MB of JSON (reports take 2 to 2.6 bytes a character). Reading and
#: laying out this much takes the parent some seconds and a few hundred MB at most.
MAX_ANSWER = 16 * 2**20
#: The largest file the child may write (a page rendered for OCR is a few MB).
MAX_FILE = 256 * 2**20
#: What runs the child (after the Python interpreter).
COMMAND = ("-m", "evidence.readers.pdfpages")
HINT = (
    "Open it in a PDF reader and save or print it to a new PDF, or save its text as a "
    ".txt file and add that"
)
LIMITS = (
    "could not be read within the memory and time a source may take ({memory}, "
    "{cpu} s of processor time, {wall} s in all): a damaged or hostile PDF; not read"
)


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE, MAX_FILE))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def limits_message() -> str:
    """The error for a PDF the child could not read within its limits."""
    memory = f"{MEMORY / 2**30:g} GB" if MEMORY >= 2**30 else f"{MEMORY // 2**20} MB"
    return LIMITS.format(memory=memory, cpu=CPU_SECONDS, wall=WALL_SECONDS)


def run_child(data: bytes, path: Path, args: list[str]) -> dict[str, Any]:
    """Run :mod:`evidence.readers.pdfpages` on ``data`` under the limits; its JSON answer.

    Raises:
        SourceError: it ran out of time or memory, crashed, or gave no answer (or one
            longer than :data:`MAX_ANSWER`).
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONHASHSEED": "0"}
    with tempfile.TemporaryFile(prefix="drafting-pdf-") as out:
        try:
            done = subprocess.run(
                [sys.executable, *COMMAND, *args],
                input=data,
                stdout=out,
                stderr=subprocess.DEVNULL,
                timeout=WALL_SECONDS,
                check=False,
                preexec_fn=_limits,
                env=env,
            )
        except subprocess.TimeoutExpired:
            raise SourceError(limits_message(), path=path, hint=HINT) from None
        size = out.seek(0, os.SEEK_END)
        if done.returncode != 0 or size > MAX_ANSWER:
            raise SourceError(limits_message(), path=path, hint=HINT)
        out.seek(0)
        raw = out.read(size)
    try:
        result = json.loads(raw)
    except (ValueError, RecursionError):
        raise SourceError(
            "could not be read (the PDF reader gave no answer)", path=path, hint=HINT
        ) from None
    if not isinstance(result, dict):
        return {"error": "unreadable"}
    if result.get("error") == "limits":
        raise SourceError(limits_message(), path=path, hint=HINT)
    return result
