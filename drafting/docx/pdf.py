"""PDF through LibreOffice (``soffice --headless --convert-to pdf``), checked properly.

soffice exits 0 even when it fails, and writes nothing when it cannot load a
file. So it converts into a fresh temporary folder beside the target, and
success means a new, non-empty file that starts like a PDF appeared there; only
then is it renamed over the target (which ``--force`` must allow). An old PDF
is never reported as new, and a failed run leaves no half-written file. Each call
uses its own LibreOffice profile, so runs can overlap.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from drafting.errors import DraftingError
from evidence.fsio import os_error, refuse_overwrite

INSTALL_HINT = ("Install LibreOffice to get PDFs: on Debian or Ubuntu, "
                "'apt-get install --no-install-recommends libreoffice-writer-nogui'")


class PdfError(DraftingError):
    """LibreOffice is missing or could not convert the document."""

    exit_code = 1


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_path(docx: Path) -> Path:
    """Where the PDF of ``docx`` goes: beside it, same name."""
    return docx.with_suffix(".pdf")


def _convert(exe: str, docx: Path, folder: Path, timeout: float) -> Path:
    with tempfile.TemporaryDirectory(prefix="drafting-lo-") as profile:
        try:
            run = subprocess.run(
                [exe, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(folder), str(docx.resolve())],
                capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice took over {timeout:.0f} s converting", path=docx) \
                from None
    made = folder / (docx.stem + ".pdf")
    ok = made.is_file() and made.stat().st_size > 0 and made.read_bytes()[:5] == b"%PDF-"
    if "Error:" in run.stdout + run.stderr or not ok:
        detail = (run.stderr or run.stdout).strip().splitlines()
        raise PdfError("LibreOffice could not convert it: "
                       f"{detail[-1] if detail else 'it wrote no PDF'}", path=docx)
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
        raise PdfError("LibreOffice (soffice) is not installed; the .docx was written, "
                       "the PDF was not", hint=INSTALL_HINT)
    try:
        folder = Path(tempfile.mkdtemp(prefix=".drafting-pdf-", dir=target.parent))
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
