"""LibreOffice as the second reader of the DOCX: it must convert the file without complaint."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest


def convert_to_pdf(docx: bytes, folder: Path) -> Path:
    """The DOCX converted to PDF by LibreOffice; skips (or fails under REQUIRE_LIBREOFFICE=1) without soffice."""
    if shutil.which("soffice") is None:
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("REQUIRE_LIBREOFFICE=1 but soffice is not installed (apt-get install -y libreoffice-writer-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed on this machine (set REQUIRE_LIBREOFFICE=1 to fail instead)")
    path = folder / "report.docx"
    path.write_bytes(docx)
    result = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder / 'profile'}",
                             "--convert-to", "pdf", "--outdir", str(folder), str(path)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    return folder / "report.pdf"
