"""Extraction throughput: serial vs `--workers 2` vs `--dask local:2`, and what Dask costs.

Run: .venv/bin/python benchmarks/bench_dask.py [--copies 7] [--repeat 3]

The input is the five seed articles and the 60 dev-set texts (../shared/devset/texts)
copied COPIES times into a temporary directory (7 copies: 455 articles). Each
configuration runs `vnminer extract` in a fresh process; the time is the whole
command, so it includes starting Python, loading the models and (for Dask) starting
the cluster; with --repeat R the configurations run R times, interleaved, and the
fastest run of each counts (the machine is shared: the minimum is the least disturbed).
The outputs must be byte-identical. Then, in this process, the fixed
costs of a LocalCluster of 2 workers: start-up, the first batch on each worker (model
loading), each worker's resident memory once loaded, and the scheduler's overhead per
task (empty tasks).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from articles import article_paths  # noqa: E402  (benchmarks/articles.py, beside this)


def make_input(directory: Path, copies: int) -> int:
    sources = article_paths()
    directory.mkdir()
    for i in range(copies):
        for src in sources:
            shutil.copy(src, directory / f"{src.stem}-{i:03d}.txt")
    return len(sources) * copies


def run(inputs: Path, out: Path, extra: list[str]) -> float:
    vnminer = Path(sys.executable).with_name("vnminer")
    cmd = [str(vnminer), "extract", str(inputs), "--output", str(out), "--quiet", *extra]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def _noop(i: int) -> int:
    return i


def _rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def cluster_costs(n_tasks: int = 500) -> None:
    from distributed import Client

    from pipelines.article import Article
    from pipelines.distributed import extract_on_client, local_cluster

    t0 = time.perf_counter()
    cluster = local_cluster(2)
    client = Client(cluster)
    started = time.perf_counter() - t0
    text = (ROOT / "corpus" / "articles" / "004_b0c178afbd17d18c.txt").read_text(encoding="utf-8")
    articles = [Article(id=str(i), text=text, source=f"mem:{i}") for i in range(2)]
    rss_before = client.run(_rss_mib)
    t0 = time.perf_counter()
    # one article per batch, two in flight: one batch for each worker, each loads the models
    list(extract_on_client(articles, client, batch_size=1, max_pending=2))
    first = time.perf_counter() - t0
    rss_after = client.run(_rss_mib)
    t0 = time.perf_counter()
    client.gather(client.map(_noop, range(n_tasks), pure=False))
    per_task = (time.perf_counter() - t0) / n_tasks
    client.close()
    cluster.close()
    print(f"LocalCluster(2) start-up        {started:6.2f} s")
    print(f"first batch (loads the models)  {first:6.2f} s")
    for worker in sorted(rss_after):
        print(
            f"worker memory                   {rss_before[worker]:6.0f} MiB idle, "
            f"{rss_after[worker]:.0f} MiB with the models loaded"
        )
    print(f"scheduler overhead per task     {per_task * 1000:6.2f} ms ({n_tasks} empty tasks)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_dask-") as tmp:
        inputs = Path(tmp) / "in"
        n = make_input(inputs, args.copies)
        print(f"{n} articles")
        configs = {
            "serial": [],
            "--workers 2": ["--workers", "2"],
            "--dask local:2": ["--dask", "local:2"],
        }
        best: dict[str, float] = {}
        outputs: dict[str, bytes] = {}
        for _ in range(args.repeat):
            for i, (name, extra) in enumerate(configs.items()):
                out = Path(tmp) / f"out-{i}.jsonl"
                seconds = run(inputs, out, extra)
                best[name] = min(seconds, best.get(name, seconds))
                outputs[name] = out.read_bytes()
        rates = {name: n / seconds for name, seconds in best.items()}
        for name, seconds in best.items():
            print(f"{name:<16} {rates[name]:6.1f} articles/s ({seconds:.1f} s)")
        same = all(o == outputs["serial"] for o in outputs.values())
        print(f"same output as serial: {same}")
        print(f"--dask local:2 / serial: {rates['--dask local:2'] / rates['serial']:.2f}")
        print(f"--dask local:2 / --workers 2: {rates['--dask local:2'] / rates['--workers 2']:.2f}")
    cluster_costs()


if __name__ == "__main__":
    main()
