"""Where things are in the repository."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
#: LABKIT_LABS_DIR points the grading plugin at another tree (the plugin's own tests).
LABS_DIR = Path(os.environ.get("LABKIT_LABS_DIR") or REPO_ROOT / "labs")
SOLUTIONS_DIR = REPO_ROOT / "tests" / "solutions"

#: Lab number -> folder name, in course order.
LABS = {
    "01": "01-tcpip",
    "02": "02-http",
    "03": "03-apis",
    "04": "04-email",
    "05": "05-remote",
    "06": "06-ip-dns",
    "07": "07-sockets",
    "08": "08-client-server",
    "09": "09-web",
}


def lab_dir(number: str) -> Path:
    """The folder of lab ``number`` ("01" … "09")."""
    return LABS_DIR / LABS[number]
