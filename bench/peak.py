"""Run a command and write its peak memory: ``python -m bench.peak FILE COMMAND...``.

Linux keeps a process's peak resident memory across ``exec``, and a child starts from the
peak of the process it was forked from: a command started by a large process (a test
worker, a bench that has served for a while) would report that process's peak as its own.
Started from this small process instead, the command's peak is its own. The peak, in bytes,
is written to FILE once the command exits; the exit status is the command's.
"""

from __future__ import annotations

import os
import sys


def main(peak_file: str, command: list[str]) -> int:
    child = os.fork()
    if child == 0:
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(child, 0)
    # Linux counts ru_maxrss in KiB, macOS in bytes
    scale = 1 if sys.platform == "darwin" else 1024
    with open(peak_file, "w", encoding="utf-8") as peak:
        peak.write(str(usage.ru_maxrss * scale))
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
