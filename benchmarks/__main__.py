"""`python -m benchmarks` (`make bench`): every benchmark in one table; see `benchmarks.bench`."""

import sys

from benchmarks.bench import main

sys.exit(main())
