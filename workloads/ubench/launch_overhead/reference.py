#!/usr/bin/env python3
"""Reference for launch_overhead: nothing to compute - the output is time stamps. The check is
that every launch stored a stamp, in increasing order (scripts/calibrate.sh prints them)."""
print(__doc__)
