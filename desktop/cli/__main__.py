"""`python -m desktop.cli` runs the `lotkeeper` command."""

import sys

from desktop.cli.main import main

sys.exit(main())
