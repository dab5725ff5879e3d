"""How fast the web app answers under load, with national-scale data in SQLite.

The database holds what the evaluation benchmark loads (the national strategy with its figures,
and 1,788 local strategies × 100 KPIs with 6 years of figures: 1,072,800 observations).
`sousei serve --workers 2` serves it; a second process (`bench/load.py`) keeps 20 clients
requesting one page back to back on loopback for LOAD_SECONDS, after a warm-up, and reports the
median (p50) and 95th percentile (p95) latency. Pages: the overview, the status board and the
KPI page of 訪日外国人旅行者数. Targets (issue 5): overview and board p50 < 200 ms, KPI page
p50 < 100 ms.

Under `make test` (benchmarks disabled) the same path runs once at SOUSEI_BENCH_SCALE=0.01 for
one second with two clients, and the test checks that every answer was 200.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from pytest_benchmark.fixture import BenchmarkFixture
from tests.e2e.conftest import free_port, wait_for

from bench import synthetic
from bench.bench_evaluate import _load
from sousei.store import kpis
from sousei.store.db import engine_for, transaction, upgrade

CLIENTS = 20
LOAD_SECONDS = 10.0
WORKERS = 2
PAGES = {
    "overview": "/",
    "board": "/board",
    "kpi": None,  # the KPI page of 訪日外国人旅行者数, found once the data are loaded
}


@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The app on national-scale data; the base URL and the KPI page's path."""
    disabled = request.config._benchmarksession.disabled  # type: ignore[attr-defined]
    scale = float(os.environ.get("SOUSEI_BENCH_SCALE") or (0.01 if disabled else 1.0))
    folder = tmp_path_factory.mktemp("web-bench")
    url = f"sqlite:///{folder / 'sousei.db'}"
    engine = engine_for(url)
    upgrade(engine)
    _load(engine, max(1, round(len(synthetic.local_codes()) * scale)))
    with transaction(engine) as session:
        found = kpis.find(kpis.catalogue(session, key="national"), "訪日外国人旅行者数")
    engine.dispose()
    port = free_port()
    environment = dict(os.environ, SOUSEI_DATABASE_URL=url)
    command = [str(Path(sys.executable).parent / "sousei"), "serve", "--port", str(port)]
    command += ["--workers", str(WORKERS)]
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(base, process, log_path)
            yield base, "/kpis/" + quote(found.kpi_id)
        finally:
            process.terminate()
            process.wait(timeout=20)


def _load_run(url: str, *, clients: int, seconds: float) -> dict[str, object]:
    command = [sys.executable, "-m", "bench.load", url]
    command += ["--clients", str(clients), "--seconds", str(seconds)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("page", list(PAGES))
def test_page_under_load(benchmark: BenchmarkFixture, server: tuple[str, str], page: str) -> None:
    base, kpi_path = server
    url = base + (PAGES[page] or kpi_path)
    clients, seconds = (2, 1.0) if benchmark.disabled else (CLIENTS, LOAD_SECONDS)
    _load_run(url, clients=clients, seconds=1.0)  # warm-up: caches filled, connections open
    stats: dict[str, object] = benchmark.pedantic(  # type: ignore[no-untyped-call]  # pytest-benchmark is untyped
        _load_run,
        args=(url,),
        kwargs={"clients": clients, "seconds": seconds},
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info.update(stats)
    print(f"\n{page}: {json.dumps(stats, ensure_ascii=False)}")
    assert stats["error_count"] == 0, stats["errors"]
    assert isinstance(stats["requests"], int)
    assert stats["requests"] > 0
