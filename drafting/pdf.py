"""PDF through LibreOffice (``soffice --headless --convert-to pdf``), checked properly.

soffice exits 0 even when it fails, so success means: the PDF exists and the
output has no "Error:". Each call uses its own profile so runs can overlap.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from drafting.errors import DraftingError

INSTALL_HINT = ("Install LibreOffice to get PDFs: on Debian or Ubuntu, "
                "'apt-get install --no-install-recommends libreoffice-writer-nogui'")


class PdfError(DraftingError):
    """LibreOffice is missing or could not convert the document."""

    exit_code = 1


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out_dir: Path | None = None, *, timeout: float = 180) -> Path:
    """Convert ``docx`` to a PDF beside it (or in ``out_dir``); return the PDF's path."""
    exe = soffice()
    if exe is None:
        raise PdfError("LibreOffice (soffice) is not installed; the .docx was written, "
                       "the PDF was not", hint=INSTALL_HINT)
    target_dir = out_dir or docx.parent
    with tempfile.TemporaryDirectory(prefix="drafting-lo-") as profile:
        try:
            run = subprocess.run(
                [exe, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(target_dir), str(docx)],
                capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice took over {timeout:.0f} s converting", path=docx) \
                from None
    pdf = target_dir / (docx.stem + ".pdf")
    if "Error:" in run.stdout + run.stderr or not pdf.is_file():
        detail = (run.stderr or run.stdout).strip().splitlines()
        raise PdfError(f"LibreOffice could not convert it: {detail[-1] if detail else '?'}",
                       path=docx)
    return pdf
