"""`python -m gkdesk` — the same as the `gkdesk-cli` command."""
from gkdesk.cli import main

raise SystemExit(main())
