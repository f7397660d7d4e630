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


def _inputs(args: argparse.Namespace):
    from .inputs import iter_inputs

    yield from iter_inputs(args.inputs)
    if args.warc:
        from .warc import iter_warc_articles

        for path in args.warc:
            yield from iter_warc_articles(path)


def _cmd_extract(args: argparse.Namespace) -> int:
    if not args.inputs and not args.warc:
        print("error: give INPUT files or --warc FILE", file=sys.stderr)
        return 2
    from tqdm import tqdm

    from .article import Rejected
    from .extract import ExtractOptions
    from .output import check_output, open_writer
    from .parallel import extract_parallel

    if problem := check_output(args.output, args.format):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.dask and args.workers > 1:
        print("error: give --workers or --dask, not both", file=sys.stderr)
        return 2
    options = ExtractOptions(
        clean=not args.no_clean,
        check_language=not args.no_language_check,
        places=not args.no_places,
    )
    rejected: list[Rejected] = []
    rows: list[tuple[str, int, int, int]] = []
    totals = {"initiatives": 0, "models": 0, "figures": 0}
    t0 = time.perf_counter()
    runner = None
    if args.dask:
        from .distributed import DaskRunner, DaskUnavailableError

        try:
            runner = DaskRunner.connect(args.dask)
        except DaskUnavailableError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.rejects:
        Path(args.rejects).parent.mkdir(parents=True, exist_ok=True)
    rejects_fp = open(args.rejects, "w", encoding="utf-8") if args.rejects else None  # noqa: SIM115
    try:
        with open_writer(args.output, args.format) as writer:
            stream = (
                runner.extract(_inputs(args), options, batch_size=args.batch_size)
                if runner
                else extract_parallel(
                    _inputs(args), workers=args.workers, options=options, batch_size=args.batch_size
                )
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
            if not rows and rejected:  # a failed run: keep the earlier output as it was
                writer.discard()
    finally:
        if rejects_fp:
            rejects_fp.close()
        if runner:
            runner.close()
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
        if args.dask:
            workers = f", Dask {args.dask}"
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
            print(report.details_table())
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .tables import export_tables, load_records, record_paths, to_tables

    if not any(p.exists() for p in record_paths(args.input)):
        print(f"error: {args.input}: no such JSONL file or Parquet dataset", file=sys.stderr)
        return 2
    if args.format == "dataset":
        from .parquet import check_dataset_output
        from .tables import export_dataset

        if problem := check_dataset_output(args.output):
            print(f"error: {problem}", file=sys.stderr)
            return 2
        count, files = export_dataset(load_records(args.input), args.output)
        if not count:
            print(f"error: {args.input}: no records to export (see warnings)", file=sys.stderr)
            return 1
        print(f"{'records':<12} {count:6d} rows in {len(files)} partitions")
        print(f"wrote {args.output}")
        return 0
    tables = to_tables(load_records(args.input))
    if tables.articles.empty:
        print(f"error: {args.input}: no records to export (see warnings)", file=sys.stderr)
        return 1
    written = export_tables(tables, args.format, args.output)
    for name, frame in tables.items():
        print(f"{name:<12} {len(frame):6d} rows")
    for path in written:
        print(f"wrote {path}")
    return 0


def _overrides(args: argparse.Namespace) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in args.set or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"error: -s takes KEY=VALUE, got {item!r}")
        out[key] = value
    return out


def _cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.extensions import summary_lines

    from .crawl import check_crawl_args, crawl_succeeded, run_crawls

    overrides: dict[str, object] = {"OUTPUT": args.output, "EXTRACT_ENABLED": not args.no_extract}
    if args.job_dir:
        overrides["JOBDIR"] = args.job_dir
    if args.warc:
        overrides["WARC_PATH"] = args.warc
    if args.real_web:
        overrides["MIRROR_ENABLED"] = False
    if args.redis:
        overrides["REDIS_URL"] = args.redis
    overrides.update(_overrides(args))
    site = args.site or args.url
    if args.url:
        from crawler.profiles import SiteProfile

        try:
            SiteProfile.generic_for(args.url)
        except ValueError as exc:
            print(f"error: --url: {exc}", file=sys.stderr)
            return 2
    if problem := check_crawl_args(
        [site], since=args.since, until=args.until, redis_url=overrides.get("REDIS_URL")
    ):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    (result,) = run_crawls(
        [site], overrides, since=args.since, until=args.until, max_articles=args.max_articles
    )
    if result.error:  # the spider refused an argument or a setting
        print(f"error: {result.site}: {result.error}", file=sys.stderr)
        return 2
    print("\n".join(summary_lines(result.stats, result.site)))
    print(f"  {'output':<24} {args.output}")
    reason = result.stats.get("finish_reason", "unknown")
    print(f"  {'finished':<24} {reason}")
    if not crawl_succeeded(reason):  # finished, or a bound the user set was reached
        print(f"error: the crawl of {result.site} stopped early: {reason}", file=sys.stderr)
        return 1
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from crawler.mirror import MirrorServer, generic_site_urls
    from crawler.profiles import available_profiles

    from .crawl import check_crawl_args, crawl_succeeded, run_crawls, summarise_output

    # The profiled sites, then the mirror's sites without a profile (generic discovery).
    sites = args.sites.split(",") if args.sites else available_profiles() + generic_site_urls()
    if problem := check_crawl_args(sites, redis_url=_overrides(args).get("REDIS_URL")):
        print(f"error: --sites: {problem}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    output = out / "articles.jsonl"
    before = summarise_output(output)["per_site"]
    with MirrorServer() as mirror:
        overrides = {
            "OUTPUT": str(output),
            "WARC_PATH": str(out / "crawl.warc.gz"),
            "MIRROR_URL": mirror.url,
            # The mirror is ours: no need to be polite to it.
            "DOWNLOAD_DELAY": 0,
            "AUTOTHROTTLE_ENABLED": False,
            **_overrides(args),
        }
        results = run_crawls(sites, overrides)
    summary = summarise_output(output)
    width = max([14, *(len(r.site) for r in results)])  # generic sites are named by host
    print(f"{'site':<{width}} {'pages':>6} {'new':>5} {'total':>6}")
    for r in results:
        total = summary["per_site"].get(r.site, 0)
        print(f"{r.site:<{width}} {r.pages:6d} {total - before.get(r.site, 0):5d} {total:6d}")
    print("-" * (width + 20))
    print(f"{'articles':<20} {summary['articles']}")
    for key in ("initiatives", "models", "figures"):
        print(f"{key:<20} {summary.get(key, 0)}")
    print(f"{'output':<20} {output}")
    print(f"{'raw responses':<20} {out / 'crawl.warc.gz'}")
    for r in results:
        if r.error:  # the spider refused an argument or a setting
            print(f"error: {r.site}: {r.error}", file=sys.stderr)
    failed = [r.site for r in results if not crawl_succeeded(r.stats.get("finish_reason"))]
    if failed:
        print(f"error: crawls did not finish: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .records import record_json_schema

    text = json.dumps(record_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def _cmd_page(args: argparse.Namespace) -> int:
    from crawler.profile_tools import run_page

    return run_page(args.page, args.url, site=args.site, profile_file=args.profile)


def _cmd_profile(args: argparse.Namespace) -> int:
    from crawler.profile_tools import run_profile_check, run_profile_draft

    if args.action == "check":
        return run_profile_check(args.name, args.page, args.url)
    return run_profile_draft(args.page, args.url)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _dask_spec(text: str):
    from .distributed import parse_dask_spec  # only when --dask is given: it imports dask

    try:
        return parse_dask_spec(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
        nargs="*",
        metavar="INPUT",
        help=".txt files, directories of them, or .jsonl files of articles",
    )
    p.add_argument(
        "--warc",
        action="append",
        default=[],
        metavar="FILE",
        help="re-extract the articles archived in a crawl's WARC file (repeatable)",
    )
    p.add_argument(
        "-o", "--output", required=True, help="JSONL file to write (a directory for parquet)"
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "parquet"),
        default="jsonl",
        help="jsonl (default), or a Parquet dataset partitioned by site and year "
        "(docs/record.md)",
    )
    p.add_argument("--rejects", help="also write rejected inputs, with reasons, to this JSONL file")
    p.add_argument("--no-clean", action="store_true", help="keep boilerplate lines")
    p.add_argument(
        "--no-language-check",
        action="store_true",
        help="analyse texts that do not read as Vietnamese",
    )
    p.add_argument(
        "--no-places",
        action="store_true",
        help="do not look for the administrative units an article names (records' places)",
    )
    p.add_argument(
        "-j",
        "--workers",
        type=_positive_int,
        default=1,
        help="worker processes (default 1); output keeps the input order",
    )
    p.add_argument(
        "--dask",
        type=_dask_spec,
        metavar="local:N|tcp://HOST:PORT",
        help="extract on a Dask cluster: N local worker processes, or a running scheduler "
        "(docs/scaling.md); same output as a serial run",
    )
    p.add_argument(
        "--batch-size",
        type=_positive_int,
        default=4,
        help="articles per task sent to a worker process or Dask worker (default 4)",
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
    p.add_argument(
        "--details",
        action="store_true",
        help="per article, every missed, spurious and mis-attributed item with its sentence",
    )
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser(
        "export", help="write the articles/initiatives/models/figures tables for dashboards"
    )
    p.add_argument(
        "--input",
        required=True,
        help="records: a JSONL file, a directory (of JSONL files, or a Parquet dataset) or a glob",
    )
    p.add_argument(
        "--format",
        required=True,
        choices=("csv", "parquet", "duckdb", "dataset"),
        help="the four tables as csv, parquet or one duckdb file; or 'dataset': the records "
        "as a Parquet dataset partitioned by site and year",
    )
    p.add_argument(
        "--output",
        required=True,
        help="a directory for csv/parquet (one file per table) and dataset, a file for duckdb",
    )
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("crawl", help="crawl one site (the bundled mirror unless --real-web)")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--site", help="a bundled profile name, or a profile .json")
    target.add_argument(
        "--url",
        help="a site with no profile, by its address (https://site.vn/): generic discovery "
        "(robots.txt, sitemaps, feeds, sections and pagination) and the generic reader",
    )
    p.add_argument(
        "-o",
        "--output",
        default="out/articles.jsonl",
        help="JSONL to append to (default out/articles.jsonl); articles in it are skipped",
    )
    p.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD)")
    p.add_argument("--until", help="only articles published on or before this date (YYYY-MM-DD)")
    p.add_argument(
        "--max-articles",
        type=_positive_int,
        metavar="N",
        help="stop once N articles are written (Scrapy's CLOSESPIDER_ITEMCOUNT)",
    )
    p.add_argument("--job-dir", help="Scrapy JOBDIR: resume an interrupted crawl from it")
    p.add_argument(
        "--redis",
        metavar="URL",
        help="share the frontier with other workers through Redis (redis://HOST:PORT/DB); "
        "each worker writes its own --output (docs/scaling.md)",
    )
    p.add_argument("--warc", help="archive raw responses to this WARC file (.warc.gz)")
    p.add_argument(
        "--no-extract",
        action="store_true",
        help="write articles without NLP extraction (input for 'vnminer extract')",
    )
    p.add_argument(
        "--real-web", action="store_true", help="fetch the real sites instead of the bundled mirror"
    )
    p.add_argument(
        "-s", "--set", action="append", metavar="KEY=VALUE", help="a Scrapy setting (repeatable)"
    )
    p.set_defaults(func=_cmd_crawl)

    p = sub.add_parser(
        "run",
        help="the main job: crawl every bundled site on the mirror, "
        "extract, write DIR/articles.jsonl, summarise",
    )
    p.add_argument("--out", default="out", help="output directory (default out/)")
    p.add_argument(
        "--sites",
        help="comma-separated profile names or site addresses (default: every bundled profile "
        "and the mirror's sites without one)",
    )
    p.add_argument(
        "-s", "--set", action="append", metavar="KEY=VALUE", help="a Scrapy setting (repeatable)"
    )
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("schema", help="print the JSON Schema of a record")
    p.add_argument("-o", "--output", help="write it to this file")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("page", help="read one saved page as the crawler does; print it as JSON")
    p.add_argument("page", help="the saved HTML file")
    p.add_argument("--url", required=True, help="the page's address")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--site", help="read with this bundled site profile")
    which.add_argument("--profile", help="read with this profile JSON file")
    p.set_defaults(func=_cmd_page)

    p = sub.add_parser("profile", help="check a site profile on a saved page, or draft one")
    actions = p.add_subparsers(dest="action", required=True)
    q = actions.add_parser("check", help="each selector's match beside the generic reading")
    q.add_argument("name", help="a bundled profile's name or a profile JSON file")
    q.add_argument("page", help="a saved article page of the site")
    q.add_argument("--url", required=True, help="the page's address")
    q.set_defaults(func=_cmd_profile)
    q = actions.add_parser("draft", help="a draft profile (JSON) from one saved article page")
    q.add_argument("page", help="a saved article page of the site")
    q.add_argument("--url", required=True, help="the page's address")
    q.set_defaults(func=_cmd_profile)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vnminer`` console script."""
    args = build_parser().parse_args(argv)
    if args.command in ("crawl", "run"):
        # Scrapy installs its own root log handler; LOG_LEVEL decides what it shows.
        default = "INFO" if args.command == "crawl" else "WARNING"
        level = "DEBUG" if args.verbose > 1 else "INFO" if args.verbose else default
        args.set = [f"LOG_LEVEL={level}", *(args.set or [])]
    else:
        _setup_logging(args.verbose)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
