"""End-to-end `vnminer extract` throughput with 1 and 2 workers, and peak memory.

Run: .venv/bin/python benchmarks/bench_extract.py [--copies 40] [--batch-size N]
Each configuration runs in a fresh `vnminer` process over COPIES x the seed
articles (seed-sized articles); the time includes loading the models. Peak
memory is the largest resident set of any process of that run (the parent or
one worker), and CPU the user + system time of all its processes (loading included),
from getrusage(RUSAGE_CHILDREN) of a wrapper process; CPU time moves less than the
wall clock when other work shares the machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WRAPPER = r"""
import json, resource, subprocess, sys, time
t0 = time.perf_counter()
subprocess.run(sys.argv[1:], check=True)
elapsed = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "seconds": elapsed,
    "peak_mib": usage.ru_maxrss / 1024,
    "cpu_seconds": usage.ru_utime + usage.ru_stime,
}))
"""


def run(inputs: Path, out: Path, workers: int, batch_size: int | None = None) -> dict:
    vnminer = Path(sys.executable).with_name("vnminer")
    cmd = [
        sys.executable,
        "-c",
        _WRAPPER,
        str(vnminer),
        "extract",
        str(inputs),
        "--output",
        str(out),
        "--quiet",
        "--workers",
        str(workers),
        *(["--batch-size", str(batch_size)] if batch_size else []),
    ]
    result = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=40)
    parser.add_argument(
        "--batch-size", type=int, help="articles per task sent to a worker (vnminer's default)"
    )
    args = parser.parse_args()
    seeds = sorted((ROOT / "corpus" / "articles").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for i in range(args.copies):
            for seed in seeds:
                shutil.copy(seed, inputs / f"{seed.stem}-{i:04d}.txt")
        n = len(seeds) * args.copies
        chars = sum(len(p.read_text(encoding="utf-8")) for p in seeds) // len(seeds)
        print(f"{n} articles (mean {chars} characters, the seeds' size)")
        outputs = {}
        for workers in (1, 2):
            out = Path(tmp) / f"out-{workers}.jsonl"
            stats = run(inputs, out, workers, args.batch_size)
            outputs[workers] = out.read_bytes()
            print(
                f"workers={workers}: {n / stats['seconds']:6.1f} articles/s "
                f"({stats['seconds']:.1f} s), peak memory {stats['peak_mib']:.0f} MiB per process, "
                f"CPU {1000 * stats['cpu_seconds'] / n:.1f} ms/article"
            )
        print(f"same output: {outputs[1] == outputs[2]}")


if __name__ == "__main__":
    main()
