"""A broken Hybridize server for the UI test's negative check: the real server (diagnostics,
hover, everything) except that it offers no code actions. The UI test must fail against it.

    python no_actions_server.py serve        (what the extension runs for `hybridize serve`)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from hybridize.lsp import code_actions  # noqa: E402

code_actions.offers_for = lambda *args, **kwargs: []

from hybridize.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["serve"]))
