"""The bounded child process that reads a PDF (see :mod:`evidence.readers.pdfpages`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from evidence.errors import SourceError

#: The most memory the child reading a PDF may use, in bytes.
MEMORY = 2 * 2**30
#: The most processor time it may use, and the most time it may take, in seconds.
CPU_SECONDS = 120
WALL_SECONDS = 300
HINT = ("Open it in a PDF reader and save or print it to a new PDF, or save its text as a "
        ".txt file and add that")


def _limits() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_child(data: bytes, path: Path, args: list[str]) -> dict[str, Any]:
    """Run :mod:`evidence.readers.pdfpages` on ``data`` under the limits; its JSON answer.

    Raises:
        SourceError: it ran out of time or memory, crashed, or gave no answer.
    """
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run([sys.executable, "-m", "evidence.readers.pdfpages", *args],
                              input=data, capture_output=True, timeout=WALL_SECONDS,
                              check=False, preexec_fn=_limits, env=env)
    except subprocess.TimeoutExpired:
        raise SourceError(f"took over {WALL_SECONDS} s to read; not read", path=path,
                          hint=HINT) from None
    if done.returncode != 0:
        raise SourceError("could not be read within the memory and time a source may take "
                          "(a damaged or hostile PDF)", path=path, hint=HINT)
    try:
        result = json.loads(done.stdout)
    except ValueError:
        raise SourceError("could not be read (the PDF reader gave no answer)", path=path,
                          hint=HINT) from None
    return result if isinstance(result, dict) else {"error": "unreadable"}
