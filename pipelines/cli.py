"""The ``vnminer`` command line."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

logger = logging.getLogger("vnminer")


def _setup_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _cmd_extract(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .article import Rejected
    from .extract import ExtractOptions
    from .inputs import iter_inputs
    from .output import JsonlWriter
    from .parallel import extract_parallel

    options = ExtractOptions(clean=not args.no_clean, check_language=not args.no_language_check)
    rejected: list[Rejected] = []
    rows: list[tuple[str, int, int, int]] = []
    totals = {"initiatives": 0, "models": 0, "figures": 0}
    t0 = time.perf_counter()
    if args.rejects:
        Path(args.rejects).parent.mkdir(parents=True, exist_ok=True)
    rejects_fp = open(args.rejects, "w", encoding="utf-8") if args.rejects else None  # noqa: SIM115
    try:
        with JsonlWriter(args.output) as writer:
            stream = extract_parallel(
                iter_inputs(args.inputs), workers=args.workers, options=options
            )
            bar = tqdm(
                stream, desc="extract", unit="article", disable=args.quiet or None, file=sys.stderr
            )
            for item in bar:
                if isinstance(item, Rejected):
                    rejected.append(item)
                    logger.warning("rejected %s", item)
                    if rejects_fp:
                        rejects_fp.write(
                            json.dumps(
                                {"source": item.source, "reason": item.reason}, ensure_ascii=False
                            )
                            + "\n"
                        )
                        rejects_fp.flush()
                    continue
                writer.write(item)
                counts = (len(item.initiatives), len(item.models), len(item.figures))
                rows.append((item.id, *counts))
                for key, n in zip(totals, counts, strict=True):
                    totals[key] += n
    finally:
        if rejects_fp:
            rejects_fp.close()
    elapsed = time.perf_counter() - t0
    n = len(rows)
    if not args.quiet:
        if 0 < n <= args.table_rows:
            print(f"{'id':<28} {'initiatives':>11} {'models':>7} {'figures':>8}")
            for rid, i, m, f in rows:
                print(f"{rid[:28]:<28} {i:11d} {m:7d} {f:8d}")
            print("-" * 57)
        print(f"{'records written':<20} {n}")
        print(f"{'rejected':<20} {len(rejected)}")
        for key, total in totals.items():
            print(f"{key:<20} {total}")
        per = f" ({elapsed / n:.2f} s/article)" if n else ""
        workers = f", {args.workers} workers" if args.workers > 1 else ""
        print(f"{'time':<20} {elapsed:.1f} s{per}{workers} (model loading included)")
        print(f"{'output':<20} {args.output}")
    if n == 0 and rejected:
        print("error: no input could be processed", file=sys.stderr)
        return 1
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_gold, load_predictions

    try:
        gold = load_gold(args.gold)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        preds = load_predictions(args.pred)
    except OSError as exc:
        print(f"error: {args.pred}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    report = evaluate(gold, preds)
    if args.json:
        print(json.dumps(report.to_dict(details=args.details), ensure_ascii=False, indent=2))
    else:
        print(report.table())
        if args.details:
            for aid, score in report.articles.items():
                for kind, errs in score.errors.items():
                    for side in ("fp", "fn"):
                        for item in errs[side]:
                            label = item.get("text") or item.get("name") or item.get("title")
                            print(f"{aid} {kind} {side.upper()}: {label}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .tables import export_tables, load_records, to_tables

    if not any(True for _ in _existing(args.input)):
        print(f"error: {args.input}: no such JSONL file", file=sys.stderr)
        return 2
    tables = to_tables(load_records(args.input))
    written = export_tables(tables, args.format, args.output)
    for name, frame in tables.items():
        print(f"{name:<12} {len(frame):6d} rows")
    for path in written:
        print(f"wrote {path}")
    return 0


def _existing(spec: str):
    from .tables import _paths

    return (p for p in _paths(spec) if p.exists())


def _cmd_schema(args: argparse.Namespace) -> int:
    from .records import record_json_schema

    text = json.dumps(record_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnminer",
        description="Mine initiatives, named models and key figures from Vietnamese news.",
    )
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="analyse articles and write one JSONL record each")
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help=".txt files, directories of them, or .jsonl files of articles",
    )
    p.add_argument("-o", "--output", required=True, help="JSONL file to write")
    p.add_argument("--rejects", help="also write rejected inputs, with reasons, to this JSONL file")
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate lines")
    p.add_argument(
        "--no-language-check",
        action="store_true",
        help="analyse texts that do not read as Vietnamese",
    )
    p.add_argument(
        "-j",
        "--workers",
        type=_positive_int,
        default=1,
        help="worker processes (default 1); output keeps the input order",
    )
    p.add_argument(
        "--table-rows",
        type=int,
        default=50,
        help="print a per-article table up to this many records (default 50)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("eval", help="score predictions against gold (docs/extraction.md)")
    p.add_argument("--gold", required=True, help="directory of gold .json files")
    p.add_argument("--pred", required=True, help="JSONL of records from 'vnminer extract'")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--details", action="store_true", help="list every false positive and negative")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser(
        "export", help="write the articles/initiatives/models/figures tables for dashboards"
    )
    p.add_argument("--input", required=True, help="records: a JSONL file, a directory or a glob")
    p.add_argument("--format", required=True, choices=("csv", "parquet", "duckdb"))
    p.add_argument(
        "--output",
        required=True,
        help="a directory for csv/parquet (one file per table), a file for duckdb",
    )
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("schema", help="print the JSON Schema of a record")
    p.add_argument("-o", "--output", help="write it to this file")
    p.set_defaults(func=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vnminer`` console script."""
    args = build_parser().parse_args(argv)
    _setup_logging(args.verbose)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
