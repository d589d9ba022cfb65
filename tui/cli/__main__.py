"""`python -m tui.cli` is `convenor` (the command `convenor serve` runs per browser)."""

import sys

from tui.cli import main

sys.exit(main())
