import sys

from labnet.cli import main

sys.exit(main())
