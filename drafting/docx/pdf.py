"""PDF through LibreOffice (``soffice --headless --convert-to pdf``), checked properly.

soffice exits 0 even when it fails, and writes nothing when it cannot load a
file. So it converts into a fresh temporary folder beside the target, and
success means a new, non-empty file that starts like a PDF appeared there; only
then is it renamed over the target (which ``--force`` must allow). An old PDF
is never reported as new, and a failed run leaves no half-written file. Each call
uses its own LibreOffice profile, so runs can overlap.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from drafting.errors import DraftingError
from evidence.fsio import alive, os_error, refuse_overwrite

INSTALL_HINT = (
    "Install LibreOffice to get PDFs: on Debian or Ubuntu, "
    "'apt-get install --no-install-recommends libreoffice-writer-nogui'"
)


class PdfError(DraftingError):
    """LibreOffice is missing or could not convert the document."""

    exit_code = 1


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_path(docx: Path) -> Path:
    """Where the PDF of ``docx`` goes: beside it, same name."""
    return docx.with_suffix(".pdf")


#: The temporary folders of a conversion: ``PREFIX-PID-RANDOM`` (a profile in the system's
#: temporary folder, the PDF beside its target), so a killed run's can be swept.
_PROFILE, _WORK = "drafting-lo-", ".drafting-pdf-"
_LEFT = re.compile(r"^(?:drafting-lo-|\.drafting-pdf-)(?P<pid>\d+)-\w+$")


def _sweep(folder: Path) -> None:
    """Remove the conversion folders in ``folder`` that killed runs left behind."""
    try:
        found = [p for p in folder.iterdir() if _LEFT.match(p.name) and p.is_dir()]
    except OSError:
        return
    for path in found:
        match = _LEFT.match(path.name)
        if match and not alive(int(match["pid"])):
            shutil.rmtree(path, ignore_errors=True)


def _convert(exe: str, docx: Path, folder: Path, timeout: float) -> Path:
    temporary = Path(tempfile.gettempdir())
    _sweep(temporary)
    with tempfile.TemporaryDirectory(prefix=f"{_PROFILE}{os.getpid()}-") as profile:
        command = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx.resolve()),
        ]
        # its own process group: a timeout stops LibreOffice and every process it started
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        ) as process:
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise PdfError(
                    f"LibreOffice took over {timeout:.0f} s converting; it was stopped", path=docx
                ) from None
    made = folder / (docx.stem + ".pdf")
    ok = made.is_file() and made.stat().st_size > 0 and made.read_bytes()[:5] == b"%PDF-"
    if "Error:" in out + err or not ok:
        detail = (err or out).strip().splitlines()
        raise PdfError(
            f"LibreOffice could not convert it: {detail[-1] if detail else 'it wrote no PDF'}",
            path=docx,
        )
    return made


def to_pdf(docx: Path, *, force: bool = False, timeout: float = 180) -> Path:
    """Convert ``docx`` to a PDF beside it; return the PDF's path.

    Raises:
        PdfError: LibreOffice is missing or wrote no valid PDF (exit code 1).
        UserError: the PDF exists and ``force`` is false, or the folder refuses the write.
    """
    target = pdf_path(docx)
    refuse_overwrite(target, force=force, inputs=(docx,))
    exe = soffice()
    if exe is None:
        raise PdfError(
            "LibreOffice (soffice) is not installed; the .docx was written, the PDF was not",
            hint=INSTALL_HINT,
        )
    _sweep(target.parent)
    try:
        folder = Path(tempfile.mkdtemp(prefix=f"{_WORK}{os.getpid()}-", dir=target.parent))
    except OSError as exc:
        raise os_error(exc, target) from None
    try:
        made = _convert(exe, docx, folder, timeout)
        made.replace(target)
    except OSError as exc:
        raise os_error(exc, target) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return target
