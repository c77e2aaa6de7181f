"""Reading autocannon's report."""

from __future__ import annotations

from bench.load import parse

AUTOCANNON_REPORT = {
    "duration": 10.02,
    "errors": 1,
    "timeouts": 2,
    "non2xx": 0,
    "latency": {"p50": 51, "p99": 175, "mean": 56.25},
    "requests": {"total": 2004, "average": 200},
    "throughput": {"total": 4_008_000},
}


def test_throughput_is_requests_over_the_measured_seconds() -> None:
    # when
    measurement = parse(AUTOCANNON_REPORT)

    # then
    assert measurement.requests_per_second == 200.0
    assert (measurement.p50_ms, measurement.p99_ms) == (51.0, 175.0)
    assert measurement.bytes_per_response == 2000.0
    assert measurement.errors == 3
    assert not measurement.clean
