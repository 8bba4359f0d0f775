"""Test suite; importing the package sets offline, quiet Prefect defaults first."""

import os
import tempfile

# Offline, quiet Prefect with a cold-start-safe timeout, set before anything imports prefect.
for _name, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(_name, _value)
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="coder-screen-prefect-"))
