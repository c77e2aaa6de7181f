"""CPU time of a live server process, read from /proc; objects counted in an answer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.cost import count_objects, cpu_seconds, wait_until_idle

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc"), reason="CPU is read from /proc")

BUSY_THEN_IDLE = """
import time
deadline = time.process_time() + 0.4
while time.process_time() < deadline:
    pass
print("done", flush=True)
time.sleep(60)
"""


def test_the_cpu_a_live_process_group_spent_is_read_and_settles_when_it_idles() -> None:
    # given a server-like child in its own process group, spending 0.4 s of CPU, then idle
    child = subprocess.Popen(
        [sys.executable, "-c", BUSY_THEN_IDLE],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        # when
        assert child.stdout is not None and child.stdout.readline() == b"done\n"
        settled = wait_until_idle(child.pid)
        later = cpu_seconds(child.pid)

        # then its own time is counted (an interpreter's start-up included), and no more
        # once it idles
        assert 0.4 <= settled < 5
        assert later - settled <= 0.02
    finally:
        child.kill()
        child.wait()


def test_a_process_group_that_is_gone_spent_nothing_more() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    child.wait()
    assert cpu_seconds(child.pid) == 0


def test_objects_are_counted_once_each_wherever_they_nest() -> None:
    # given the shape of an answer: a connection, its nodes, a text object each
    answer = {
        "organisations": {
            "totalCount": 2,
            "nodes": [
                {"slug": "a", "name": {"text": "A"}, "languages": ["en", "fr"]},
                {"slug": "b", "name": {"text": "B"}, "languages": []},
            ],
        }
    }

    # then: the answer, the connection, two nodes and their two texts
    assert count_objects(answer) == 6
