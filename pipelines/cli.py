"""The ``vnminer`` command line."""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import NoReturn

__all__ = ["main"]

logger = logging.getLogger("vnminer")


def _setup_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


def _emit(text: str, end: str = "\n") -> None:
    """Print ``text`` to standard output: every byte, or an OSError naming standard output.

    Python's buffered stdout drops the rest of a short write (the one that meets a full
    disk or a file size limit) without an error; writing the descriptor ourselves until
    all is out turns it into the error the next write gets.
    """
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError, AttributeError):  # not a real file (captured output)
        sys.stdout.write(text + end)
        return
    sys.stdout.flush()
    data = memoryview((text + end).encode(sys.stdout.encoding or "utf-8", sys.stdout.errors))
    while data:
        try:
            data = data[os.write(fd, data) :]
        except BrokenPipeError:
            raise
        except OSError as exc:
            exc.filename = "standard output"
            raise


def _inputs(args: argparse.Namespace):
    from .inputs import InputOptions, iter_inputs, reject_duplicate_ids

    def read():
        yield from iter_inputs(args.inputs, InputOptions(max_bytes=args.max_bytes))
        if args.warc:
            from .warc import iter_warc_articles

            for path in args.warc:
                yield from iter_warc_articles(path)

    # Ids are unique over the whole run (files and archives): a later copy is rejected.
    yield from reject_duplicate_ids(read())


def _cmd_extract(args: argparse.Namespace) -> int:
    if not args.inputs and not args.warc:
        print("error: give INPUT files or --warc FILE", file=sys.stderr)
        return 2
    from contextlib import nullcontext

    from tqdm import tqdm

    from .article import Rejected
    from .extract import ExtractOptions
    from .files import OutputError, check_not_input
    from .output import LinesWriter, check_output, open_writer
    from .parallel import cap_workers, extract_parallel

    # Every target is checked before the run, so that hours of work do not end in a
    # write error, and none may be an input (or the other target).
    if problem := (
        check_output(args.output, args.format)
        or (args.rejects and check_output(args.rejects))
        or check_not_input(
            [*args.inputs, *args.warc], [("--output", args.output), ("--rejects", args.rejects)]
        )
    ):
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.dask and args.workers > 1:
        print("error: give --workers or --dask, not both", file=sys.stderr)
        return 2
    if (workers := cap_workers(args.workers)) < args.workers:
        print(
            f"note: --workers {args.workers} capped at {workers}, the cores available",
            file=sys.stderr,
        )
        args.workers = workers
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
    # Output and rejects replace the earlier ones only when the run succeeds (the output
    # first); a failure, Ctrl-C or a run with no record leaves both as they were.
    rejects_out = LinesWriter(args.rejects) if args.rejects else None
    try:
        with (
            rejects_out or nullcontext(),
            open_writer(args.output, args.format) as writer,
        ):
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
                    if rejects_out:
                        rejects_out.write_line(
                            json.dumps(
                                {"source": item.source, "reason": item.reason},
                                ensure_ascii=False,
                                allow_nan=False,
                            )
                        )
                    continue
                writer.write(item)
                counts = (len(item.initiatives), len(item.models), len(item.figures))
                rows.append((item.id, *counts))
                for key, n in zip(totals, counts, strict=True):
                    totals[key] += n
            if not rows:  # failed, or found nothing: keep the earlier output as it was
                writer.discard()
                if rejects_out:
                    rejects_out.discard()
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    finally:
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
        print(f"{'output':<20} {args.output}{'' if n else ' (unchanged)'}")
    if n == 0 and rejected:
        print("error: no input could be processed", file=sys.stderr)
        return 1
    if n == 0:
        print("error: the inputs hold no article; nothing written", file=sys.stderr)
        return 1
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, load_gold, load_predictions

    # Both inputs are checked whole before any scoring: a bad gold file or a line that is
    # not a record is one error line (exit 2), never a score computed without it.
    try:
        gold = load_gold(args.gold)
        preds = load_predictions(args.pred)
    except OSError as exc:
        print(f"error: {args.pred}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = evaluate(gold, preds)
    if args.json:
        report_dict = report.to_dict(details=args.details)
        _emit(json.dumps(report_dict, ensure_ascii=False, indent=2, allow_nan=False))
    else:
        _emit(report.table() + ("\n" + report.details_table() if args.details else ""))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .files import OutputError, check_not_input
    from .tables import check_export_output, record_paths, table_files

    paths = record_paths(args.input)
    if not any(p.exists() for p in paths):
        print(f"error: {args.input}: no such JSONL file or Parquet dataset", file=sys.stderr)
        return 2
    if args.format == "dataset":
        from .parquet import check_dataset_output

        problem = check_dataset_output(args.output)
    else:
        problem = check_export_output(args.format, args.output) or check_not_input(
            paths, [("--output", t) for t in table_files(args.format, args.output)]
        )
    if problem:  # before reading the records: a long load must not end in this error
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        return _export(args)
    except OutputError as exc:  # nothing replaced
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


def _export(args: argparse.Namespace) -> int:
    from .tables import export_dataset, export_tables, load_records, to_tables

    if args.format == "dataset":
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

    from .crawl import check_crawl_args, run_crawls

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
        [site],
        since=args.since,
        until=args.until,
        redis_url=overrides.get("REDIS_URL"),
        output=str(overrides["OUTPUT"]),
        job_dir=overrides.get("JOBDIR"),
        warc=overrides.get("WARC_PATH"),
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
    # Stopped early (not finished, nor a bound the user set), or nothing could be fetched.
    if problem := result.problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from crawler.mirror import MirrorServer, generic_site_urls
    from crawler.profiles import available_profiles

    from .crawl import (
        check_crawl_args,
        check_writable,
        crawl_succeeded,
        run_crawls,
        summarise_output,
    )

    # The profiled sites, then the mirror's sites without a profile (generic discovery).
    sites = args.sites.split(",") if args.sites else available_profiles() + generic_site_urls()
    sites = list(dict.fromkeys(sites))  # a site given twice is crawled once
    if problem := check_crawl_args(sites, redis_url=_overrides(args).get("REDIS_URL")):
        print(f"error: --sites: {problem}", file=sys.stderr)
        return 2
    if problem := check_writable(args.out, directory=True):
        print(f"error: --out {problem}", file=sys.stderr)
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
    empty = [r.problem for r in results if r.problem]  # finished, but nothing fetched
    for problem in empty:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if empty else 0


def _cmd_schema(args: argparse.Namespace) -> int:
    from .records import record_json_schema

    text = json.dumps(record_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        from .files import AtomicFile, check_target

        if problem := check_target(args.output):
            print(f"error: {problem}", file=sys.stderr)
            return 2
        # All or nothing: a full disk or a size limit leaves an earlier schema file whole.
        with AtomicFile(args.output) as out:
            out.write(text)
            out.commit()
    else:
        _emit(text, end="")
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


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one line like every other error of the command
    (argparse prints the whole usage first); ``-h`` still prints it."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {_one_line(message)} (see {self.prog} -h)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    from .inputs import DEFAULT_MAX_BYTES, byte_size

    p.add_argument(
        "--max-bytes",
        type=byte_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="largest .txt file, and longest JSONL line, read as one article; larger ones "
        f"are rejected unread (default {DEFAULT_MAX_BYTES // 2**20}M; e.g. 200k, 20M)",
    )
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


#: Exit codes of the errors main() catches (argparse's usage errors are 2 as well).
EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 1, 2, 130, 141


def _one_line(text: str) -> str:
    """``text`` on one line: an error message is one line on the terminal, whatever raised it."""
    return "; ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _os_error(exc: OSError) -> str:
    """``PATH: reason`` for an OSError (both paths of a failed rename or copy)."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full)"
    elif exc.errno == errno.EFBIG:
        reason += " (a file size limit or disk quota was reached)"
    if exc.filename is None:
        return reason
    where = os.fsdecode(exc.filename)
    if exc.filename2 is not None:
        where += f" -> {os.fsdecode(exc.filename2)}"
    return f"{where}: {reason}"


def _stdout_is_gone() -> bool:
    """Whether standard output is a pipe whose reader has gone (``vnminer … | head``):
    the only broken pipe that is no error of ours. Sockets (Redis, Dask) are not it."""
    import select

    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
        return any(events & select.POLLERR for _, events in poller.poll(0))
    except (OSError, ValueError, AttributeError):  # no real file descriptor (captured)
        return False


def _stdout_failed(exc: OSError) -> bool:
    """Whether ``exc``, a write error without a file name, was standard output's: what
    it still holds cannot be flushed, or the file it goes to is at the size limit, or its
    disk is full (``vnminer … > FILE``)."""
    import resource

    try:
        sys.stdout.flush()
    except (OSError, ValueError):
        return True
    with suppress(OSError, ValueError, AttributeError):  # no real descriptor (captured)
        fd = sys.stdout.fileno()
        if exc.errno == errno.EFBIG:
            limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
            return limit != resource.RLIM_INFINITY and os.fstat(fd).st_size >= limit
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return os.fstatvfs(fd).f_bavail == 0
    return False


def _quiet_stdout() -> None:
    # Whatever is still buffered for the broken output would fail again at exit, with
    # Python's "Exception ignored … BrokenPipeError" message: send it nowhere.
    with suppress(OSError, ValueError, AttributeError):  # no real descriptor (captured)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _fail(args: argparse.Namespace, message: str, code: int, exc: BaseException) -> int:
    """Print one ``error:`` line for ``exc``; its traceback goes to the log with -v."""
    if args.verbose:
        logger.error("traceback of the error below", exc_info=exc)
    with suppress(OSError, ValueError):
        sys.stdout.flush()  # what the command printed comes before its error line
    print(f"error: {_one_line(message)}", file=sys.stderr)
    return code


def _exit_if_threads_hang(code: int) -> None:
    """Exit now, after the outputs are cleaned up and the error line printed, when a
    thread is still running (a process pool's thread stuck on a killed worker's queue):
    the interpreter would wait for it at exit, for ever."""
    main_thread = threading.main_thread()
    if not any(t is not main_thread and not t.daemon for t in threading.enumerate()):
        return
    logging.shutdown()
    with suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``vnminer`` console script.

    Every failure ends with one line on standard error and a non-zero exit code, the
    traceback only with ``-v``: ``error: PATH: reason`` for a file that cannot be read
    or written (exit 1; 2 for an output that cannot be one), ``error: reason`` for a bad
    option or input (ValueError, exit 2), ``error: interrupted`` for Ctrl-C (exit 130;
    what was written so far is kept as for any failure), and ``error: internal error:
    …`` for anything else (exit 1). A reader of standard output that stops early
    (``vnminer schema | head -1``) ends the command quietly (exit 141, as SIGPIPE would).
    """
    from .files import OutputError

    args = build_parser().parse_args(argv)
    if args.command in ("crawl", "run"):
        # Scrapy installs its own root log handler; LOG_LEVEL decides what it shows.
        default = "INFO" if args.command == "crawl" else "WARNING"
        level = "DEBUG" if args.verbose > 1 else "INFO" if args.verbose else default
        args.set = [f"LOG_LEVEL={level}", *(args.set or [])]
    else:
        _setup_logging(args.verbose)
    try:
        code = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the net, not at exit
        return code
    except KeyboardInterrupt as exc:
        code = _fail(args, "interrupted", EXIT_INTERRUPTED, exc)
        if argv is None:  # the command itself, not a caller in this process
            _exit_if_threads_hang(code)
        return code
    except BrokenPipeError as exc:
        if _stdout_is_gone():
            _quiet_stdout()
            return EXIT_BROKEN_PIPE
        return _fail(args, _os_error(exc), EXIT_FAILED, exc)
    except OutputError as exc:
        return _fail(args, str(exc), exc.exit_code, exc)
    except OSError as exc:
        if exc.filename is None and _stdout_failed(exc):  # `vnminer … > FILE`, disk full
            _quiet_stdout()
            exc.filename = "standard output"
        return _fail(args, _os_error(exc), EXIT_FAILED, exc)
    except ValueError as exc:  # a bad option or input that a check let through
        return _fail(args, str(exc) or type(exc).__name__, EXIT_USAGE, exc)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        hint = "" if args.verbose else " (run with -v for the traceback)"
        return _fail(args, f"internal error: {detail}{hint}", EXIT_FAILED, exc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
