"""schemas/ is the contract: importing it pulls in no project code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, sys\n"
    "import schemas.candidates, schemas.names, schemas.outcomes, schemas.scored\n"
    "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'pipelines')))\n"
)


def test_schemas_import_no_pipelines_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True
    )
    result = json.loads(done.stdout)
    assert result == []
