"""The `lawgov-index` command line (Typer). Commands parse, call the API and render."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

app = typer.Typer(
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Index, search and tabulate Chinese rule-of-law government annual reports.",
)

PathsArg = Annotated[list[Path], typer.Argument(help="Report files or folders (walked).")]
LexiconOpt = Annotated[
    Path | None, typer.Option("--lexicon", help="Extra metric lexicon rows (TSV, same columns).")
]


@app.callback()
def main() -> None:
    """Index, search and tabulate Chinese rule-of-law government annual reports."""


def _warn(msg: str) -> None:
    typer.echo(f"warning: {msg}", err=True)


def _fail(e: Exception, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {e}", err=True)
    return typer.Exit(code=code)


@contextlib.contextmanager
def _reported() -> Iterator[None]:
    """Library errors as exits: a malformed query is a usage error (2), anything else fatal (1)."""
    from lawgov_index.errors import LawgovError, QueryError

    try:
        yield
    except QueryError as e:
        raise _fail(e, 2) from None
    except LawgovError as e:
        raise _fail(e) from None


IndexOpt = Annotated[
    Path,
    typer.Option(
        "--index",
        envvar="LAWGOV_INDEX",
        help="Index folder (default: $LAWGOV_INDEX, else ./.lawgov-index).",
    ),
]
YearOpt = Annotated[
    str | None, typer.Option("--year", help="Report year, or an inclusive range 2020..2022.")
]
RegionOpt = Annotated[
    str | None,
    typer.Option(
        "--region", help="Region name at any level (重庆市, 云阳县) or a path 重庆市/云阳县."
    ),
]
LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level", help="Admin level: province, city, county, township, street, department."
    ),
]
PartOpt = Annotated[
    str | None,
    typer.Option(
        "--part",
        help="Report part: achievements, shortcomings, first_responsible, next_year, other.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]
CsvOpt = Annotated[bool, typer.Option("--csv", help="CSV on stdout.")]
UniqueOpt = Annotated[
    bool,
    typer.Option(
        "--unique",
        help="Count copies of one report (see `duplicates`) once, as the first file by name.",
    ),
]

# A query may open with an excluded term (`-撤销 行政复议`): not an option.
QUERY_ARGS = {"ignore_unknown_options": True}

EXIT_HELP = (
    "Exit codes: 0 all fine, 1 fatal error, 2 bad usage or query, 3 some files skipped, "
    "130 interrupted (Ctrl-C)."
)


def _amount(value: float, value_max: float | None, unit: str = "") -> str:
    """`98.6%`, or a printed range `3–5个工作日`."""
    return f"{value:g}" + (f"–{value_max:g}" if value_max is not None else "") + unit


def _year(value: str | None) -> int | tuple[int, int] | None:
    if value is None:
        return None
    try:
        if ".." in value:
            lo, hi = value.split("..", 1)
            return int(lo), int(hi)
        return int(value)
    except ValueError:
        typer.echo(f"error: bad --year {value!r}; use 2022 or 2020..2022", err=True)
        raise typer.Exit(code=2) from None


def _open_index(path: Path) -> object:
    from lawgov_index.errors import LawgovError
    from lawgov_index.index import Index

    try:
        return Index.open(path)
    except LawgovError as e:
        raise _fail(e) from None


@app.command("index", epilog=EXIT_HELP)
def index_cmd(
    paths: PathsArg,
    *,
    index: IndexOpt = Path(".lawgov-index"),
    threads: Annotated[int, typer.Option(help="Worker threads (0 = all cores).")] = 0,
    prune: Annotated[
        bool, typer.Option("--prune", help="Drop indexed files that disappeared.")
    ] = False,
    lexicon: LexiconOpt = None,
    commit_every: Annotated[
        int | None,
        typer.Option(
            "--commit-every",
            envvar="LAWGOV_COMMIT_EVERY",
            min=1,
            help="Commit after this many files (default 2000); a killed run keeps what was "
            "committed.",
        ),
    ] = None,
) -> None:
    """Index report files and folders (incremental: unchanged files are skipped).

    The index goes to --index, default $LAWGOV_INDEX, else ./.lawgov-index, so
    `lawgov-index index seeds/` then `lawgov-index search 化解率` needs no options.
    Files that cannot be indexed are named on stderr with the reason and the run goes on.
    Ctrl-C commits what is done and exits with 130; run the same command again to resume.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from lawgov_index.errors import IndexInterrupted, LawgovError
    from lawgov_index.extract import load_lexicon
    from lawgov_index.index import FileProblem, Index, unread_note
    from lawgov_index.index import Progress as AddProgress

    try:
        lex = load_lexicon(lexicon)
        ix = Index.open_or_create(index)
    except (OSError, LawgovError) as e:
        raise _fail(e) from None

    def on_problem(p: FileProblem) -> None:
        _warn(f"{p.file}: {p.message}")

    err = Console(stderr=True)
    bar: Progress | None = None
    task = None
    if err.is_terminal:
        bar = Progress(
            TextColumn("indexing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        )
        bar.start()
        task = bar.add_task("indexing", total=None)

    def progress(p: AddProgress) -> None:
        if bar is not None and task is not None:
            bar.update(task, completed=p.files_done, total=p.files_total)
            bar.tasks[0].fields["bytes"] = p.bytes_done

    try:
        summary = ix.add(
            paths,
            threads=threads,
            prune=prune,
            lexicon=lex,
            # Without a terminal there is no bar, so no counting pass over the corpus either.
            progress=progress if bar is not None else None,
            on_problem=on_problem,
            commit_files=commit_every,
        )
    except IndexInterrupted as e:
        if bar is not None:
            bar.stop()
        typer.echo(f"interrupted: {e.summary.line()} committed to {index}", err=True)
        typer.echo("run the same command again to resume (committed files are skipped)", err=True)
        raise typer.Exit(code=130) from None
    except KeyboardInterrupt:
        typer.echo(
            "interrupted; work since the last commit was dropped; run the same command "
            "again to resume",
            err=True,
        )
        raise typer.Exit(code=130) from None
    except LawgovError as e:
        raise _fail(e) from None
    finally:
        if bar is not None:
            bar.stop()
    mbs = summary.bytes_indexed / 1e6 / max(summary.seconds, 1e-9)
    typer.echo(f"{summary.line()}, {mbs:.1f} MB/s -> {index}", err=True)
    if note := unread_note(summary.unread):
        typer.echo(note, err=True)
    if summary.skipped:
        typer.echo(f"{summary.skipped} file(s) skipped (named above); exit code 3", err=True)
        raise typer.Exit(code=3)


@app.command(epilog=EXIT_HELP, context_settings=QUERY_ARGS)
def search(
    query: Annotated[str, typer.Argument(help='Query: terms ANDed, OR, -term, "a phrase".')],
    *,
    index: IndexOpt = Path(".lawgov-index"),
    year: YearOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    part: PartOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Hits to show.")] = 10,
    offset: Annotated[int, typer.Option("--offset", help="Hits to skip.")] = 0,
    unique: Annotated[
        bool,
        typer.Option(
            "--unique",
            help="A section found in several copies of one report (see `duplicates`) is one "
            "hit, shown from the first file by name, the other files listed; with --reports, "
            "copies are one row.",
        ),
    ] = False,
    reports: Annotated[
        bool,
        typer.Option(
            "--reports",
            help="One row per report: its terms ANDed over the whole report, its best section "
            "shown.",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Search sections for exact Chinese strings; best BM25 first, with snippets."""
    yr = _year(year)
    ix = _open_index(index)
    how = {"year": yr, "region": region, "level": level, "part": part}
    # Hits are lazy: rendering them may meet a damaged store too.
    with _reported():
        if reports:
            found = ix.search_reports(query, **how, limit=limit, offset=offset, unique=unique)  # type: ignore[attr-defined]
            _render_hits(found, query, offset, json)
            return
        res = ix.search(query, **how, limit=limit, offset=offset, unique=unique)  # type: ignore[attr-defined]
        _render_hits(res, query, offset, json)


def _render_hits(res: object, query: str, offset: int, json: bool) -> None:
    """Print a `SearchResult` or, from `search --reports`, a `ReportResult` (hits are lazy:
    reading them may raise IndexCorruptedError)."""
    import json as jsonlib

    from rich.console import Console
    from rich.text import Text

    if json:
        sys.stdout.write(jsonlib.dumps(res.to_dict(), ensure_ascii=False) + "\n")  # type: ignore[attr-defined]
        return
    reports = hasattr(res, "reports")
    rows = res.reports if reports else res.hits  # type: ignore[attr-defined]
    console = Console(highlight=False)
    what = "report" if reports else "section"
    console.print(f"[bold]{res.total}[/bold] {what}(s) match {query!r}")  # type: ignore[attr-defined]
    for i, row in enumerate(rows, offset + 1):
        head = Text(f"{i:>3}. ", style="dim")
        head.append(row.title or Path(row.file).name, style="bold")
        meta = [str(row.report_year or "?"), row.region.path or "?", row.admin_level or "?"]
        head.append(f"  {' · '.join(meta)}", style="cyan")
        console.print(head)
        h = row.best if reports else row
        where = " › ".join(h.section.path) or "(whole report)"
        if reports:
            line = f"     {row.file}  {row.sections} section(s); best {where}:{h.section.line}"
        else:
            line = f"     {h.file}:{h.section.line}  {where}  [{h.section.part}]"
        console.print(Text(line, style="dim"))
        if h.copies:
            n = len(h.copies)
            also = ", ".join(h.copies[:3]) + (f" and {n - 3} more" if n > 3 else "")
            word = "copy" if n == 1 else "copies"
            console.print(Text(f"     also in {n} {word}: {also}", style="dim"))
        snip = Text("     " + h.snippet)
        for s, e in h.highlights:
            snip.stylize("bold red", s + 5, e + 5)
        console.print(snip)


@app.command(epilog=EXIT_HELP, context_settings=QUERY_ARGS)
def count(
    queries: Annotated[list[str], typer.Argument(help="One or more queries.")],
    *,
    index: IndexOpt = Path(".lawgov-index"),
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Group by comma-separated keys: year, level, part, province, city, county, "
            "region (= path down to county level).",
        ),
    ] = None,
    year: YearOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    part: PartOpt = None,
    unique: UniqueOpt = False,
    share: Annotated[
        bool,
        typer.Option(
            "--share",
            help="Also give each group's number of reports (of), the share that contain the "
            "query and its occurrences per 10,000 characters, so groups of different sizes "
            "compare.",
        ),
    ] = False,
    csv: CsvOpt = False,
    json: JsonOpt = False,
) -> None:
    """Count reports containing each query and its exact occurrences, grouped by --by."""
    import json as jsonlib

    from rich.console import Console
    from rich.table import Table

    keys = _keys(by)
    yr = _year(year)
    ix = _open_index(index)
    with _reported():
        table = ix.count(
            queries,
            by=keys,
            year=yr,
            region=region,
            level=level,  # type: ignore[attr-defined]
            part=part,
            unique=unique,
            share=share,
        )
    rows = table.to_dicts()
    shares = ["of", "share", "per_10k_chars"] if share else []
    cols = ["query", *keys, "reports", "occurrences", *shares]
    if json:
        sys.stdout.write(jsonlib.dumps(rows, ensure_ascii=False) + "\n")
    elif csv:
        _write_csv(cols, rows)
    else:
        t = Table(*cols)
        for r in rows:
            t.add_row(*("" if r[c] is None else str(r[c]) for c in cols))
        Console(highlight=False).print(t)


def _keys(by: str | None) -> list[str]:
    """The comma-separated `--by` keys."""
    return [k.strip() for k in by.split(",") if k.strip()] if by else []


def _write_csv(cols: list[str], rows: list[dict[str, Any]]) -> None:
    import csv

    w = csv.DictWriter(sys.stdout, fieldnames=cols, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)


@app.command(epilog=EXIT_HELP)
def metrics(
    name: Annotated[str, typer.Argument(help="Metric name or synonym (化解率, 出庭应诉率).")],
    *,
    index: IndexOpt = Path(".lawgov-index"),
    year: YearOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    part: PartOpt = None,
    unique: UniqueOpt = False,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            help="Instead of the occurrences, summary statistics per group of comma-separated "
            "keys (year, level, part, province, city, county, region) and unit.",
        ),
    ] = None,
    csv: CsvOpt = False,
    json: JsonOpt = False,
) -> None:
    """Every occurrence of a metric across the corpus, with summary statistics."""
    import json as jsonlib

    from rich.console import Console
    from rich.table import Table

    yr = _year(year)
    keys = _keys(by)
    ix = _open_index(index)
    with _reported():
        mt = ix.metrics(  # type: ignore[attr-defined]
            name, year=yr, region=region, level=level, part=part, unique=unique
        )
        groups = mt.summary_by(keys) if by else None
    if groups is not None:
        stats = ["count", "min", "q1", "median", "q3", "max", "mean"]
        cols = [*keys, "kind", "unit", *stats]
        if json:
            out = {"query": name, "names": list(mt.names), "by": keys, "groups": groups}
            sys.stdout.write(jsonlib.dumps(out, ensure_ascii=False) + "\n")
        elif csv:
            _write_csv(cols, groups)
        else:
            t = Table(*cols)
            for g in groups:
                t.add_row(
                    *("" if g[c] is None else str(g[c]) for c in [*keys, "kind", "unit"]),
                    *(f"{g[c]:.4g}" for c in stats),
                )
            Console(highlight=False).print(f"{name!r} → {', '.join(mt.names)}")
            Console(highlight=False).print(t)
        return
    rows = mt.rows()
    if json:
        out = {"query": name, "names": list(mt.names), "rows": rows, "summary": mt.summary()}
        sys.stdout.write(jsonlib.dumps(out, ensure_ascii=False) + "\n")
        return
    if csv:
        cols = [
            "name",
            "kind",
            "file",
            "title",
            "report_year",
            "region",
            "value",
            "value_max",
            "unit",
            "qualifier",
            "sentence",
            "line",
            "note",
        ]
        _write_csv(cols, rows)
        return
    console = Console(highlight=False)
    console.print(f"{name!r} → {', '.join(mt.names)}")
    t = Table("file", "year", "region", "metric", "value", "unit", "qualifier", "sentence")
    for r in rows:
        t.add_row(
            Path(r["file"]).name,
            str(r["report_year"] or ""),
            r["region"],
            r["name"],
            # a rate its own counts do not give is marked, the computation below the table
            _amount(r["value"], r["value_max"]) + (" ≠" if r["note"] else ""),
            r["unit"],
            r["qualifier"] or "",
            r["sentence"][:60],
        )
    console.print(t)
    for r in rows:
        if r["note"]:
            console.print(f"≠ {Path(r['file']).name}:{r['line']} {r['name']} {r['note']}")
    s = mt.summary()
    if s["count"]:
        console.print(
            f"count {s['count']}  min {s['min']:g}  q1 {s['q1']:g}  median {s['median']:g}  "
            f"q3 {s['q3']:g}  max {s['max']:g}  mean {s['mean']:.4g}"
        )
        mixed = sorted({f"{r['kind']} {r['unit']}" for r in rows})
        if len(mixed) > 1:
            console.print(f"(pools {', '.join(mixed)}: `--by year` gives each its own statistics)")
    else:
        console.print("no occurrences")


@app.command(epilog=EXIT_HELP)
def show(
    file: Annotated[Path, typer.Argument(help="A report file (indexed or not).")],
    *,
    index: IndexOpt = Path(".lawgov-index"),
    json: JsonOpt = False,
) -> None:
    """Print a report's outline and metrics, from the index or by extracting the file."""
    import json as jsonlib

    from rich.console import Console

    from lawgov_index import _core
    from lawgov_index.errors import LawgovError
    from lawgov_index.index import Index

    data = None
    try:
        data = Index.open(index).report(file)
    except LawgovError:
        data = None
    if data is None:
        if not file.exists():
            raise _fail(FileNotFoundError(f"{file}: no such file and not in the index {index}"))
        try:
            rep = _core.extract_paths([str(file)])[0]
        except LawgovError as e:
            raise _fail(e) from None
        if isinstance(rep, BaseException):
            raise _fail(rep)
        if json:
            sys.stdout.write(rep.to_json() + "\n")
        else:
            _print_outline(rep)
        return
    if json:
        sys.stdout.write(jsonlib.dumps(data, ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    region = "/".join(v for v in data["region"].values() if v)
    console.print(f"[bold]{data['file']}[/bold]  {data.get('title') or '(no title)'}")
    console.print(
        f"  year {data.get('report_year')}  region {region or '?'}  "
        f"level {data.get('admin_level')}  encoding {data.get('encoding')}"
    )
    by_line: dict[int, list[dict[str, object]]] = {}
    heads = data.get("headings", [])
    lines = [h["line"] for h in heads]
    for m in data.get("metrics", []):
        owner = max((ln for ln in lines if ln <= m["line"]), default=0)
        by_line.setdefault(owner, []).append(m)
    for m in by_line.get(0, []):
        console.print(
            f"  [cyan]{m['name']}[/cyan] = {_amount(m['value'], m.get('value_max'), m['unit'])}"
        )
    for h in heads:
        part = f" [dim]({h['part']})[/dim]" if h.get("part") else ""
        console.print(f"{'  ' * h['depth']}{h['marker']}{h['text']}{part}  [dim]L{h['line']}[/dim]")
        for m in by_line.get(h["line"], []):
            q = m.get("qualifier") or ""
            console.print(
                f"{'  ' * (h['depth'] + 1)}[cyan]{m['name']}[/cyan] = "
                f"{_amount(m['value'], m.get('value_max'), m['unit'])} {q}"
            )


@app.command(epilog=EXIT_HELP)
def stats(
    *,
    index: IndexOpt = Path(".lawgov-index"),
    json: JsonOpt = False,
) -> None:
    """Count reports, sections and metrics, by year, level and province."""
    import json as jsonlib

    from rich.console import Console
    from rich.table import Table

    ix = _open_index(index)
    with _reported():
        st = ix.stats()  # type: ignore[attr-defined]
    if json:
        sys.stdout.write(jsonlib.dumps(st.to_dict(), ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    console.print(f"reports {st.reports}  sections {st.sections}  metrics {st.metrics}")
    for title, d in (("year", st.by_year), ("level", st.by_level), ("province", st.by_province)):
        t = Table(title, "reports")
        for k, v in d.items():
            t.add_row(k, str(v))
        console.print(t)


@app.command(epilog=EXIT_HELP)
def duplicates(
    *,
    index: IndexOpt = Path(".lawgov-index"),
    near: Annotated[
        bool,
        typer.Option(
            "--near",
            help="Versions instead of copies: reports sharing most of their clauses (a report "
            "re-published with figures changed, a text taken over), with the figures that differ.",
        ),
    ] = False,
    similarity: Annotated[
        float,
        typer.Option(min=0.05, max=1.0, help="With --near: least share of clauses in common."),
    ] = 0.8,
    year: YearOpt = None,
    region: RegionOpt = None,
    level: LevelOpt = None,
    json: JsonOpt = False,
) -> None:
    """List copies of one report among the indexed files (same body in another encoding,
    layout, script or web page), largest groups first; with --near, its versions."""
    import json as jsonlib

    from rich.console import Console

    ix = _open_index(index)
    console = Console(highlight=False)
    if near:
        with _reported():
            versions = ix.versions(similarity, year=_year(year), region=region, level=level)
        if json:
            out = [v.to_dict() for v in versions]
            sys.stdout.write(jsonlib.dumps(out, ensure_ascii=False) + "\n")
            return
        for v in versions:
            console.print(f"{len(v.versions) + 1} versions of {v.first}:")
            for other in v.versions:
                console.print(f"  {other.file}  similarity {other.similarity:.2f}")
                for c in other.changes:
                    unit = c.unit or ""
                    was = "—" if c.first is None else _amount(c.first, None, unit)
                    now = "—" if c.other is None else _amount(c.other, None, unit)
                    console.print(f"    {c.name}  {was} → {now}")
        console.print(f"{len(versions)} report(s) with other versions")
        return
    with _reported():
        groups = ix.duplicates(year=_year(year), region=region, level=level)  # type: ignore[attr-defined]
    if json:
        sys.stdout.write(jsonlib.dumps(groups, ensure_ascii=False) + "\n")
        return
    for g in groups:
        console.print(f"{len(g)} copies:")
        for f in g:
            console.print(f"  {f}")
    copies = sum(len(g) - 1 for g in groups)
    console.print(f"{len(groups)} report(s) with copies, {copies} extra copies")


@app.command(epilog=EXIT_HELP)
def check(
    *,
    index: IndexOpt = Path(".lawgov-index"),
    json: JsonOpt = False,
) -> None:
    """Verify every file of the index against its checksum (reads the whole index once).

    Exit code 0 when the index is intact, 1 when a file is missing, truncated or damaged
    (each is named on stderr) or there is no index.
    """
    import json as jsonlib

    from lawgov_index import integrity
    from lawgov_index.errors import LawgovError
    from lawgov_index.index import REBUILD

    try:
        res = integrity.check(index)
    except LawgovError as e:
        raise _fail(e) from None
    if json:
        sys.stdout.write(jsonlib.dumps(res.to_dict(), ensure_ascii=False) + "\n")
    elif res.ok:
        typer.echo(
            f"index {index}: {res.segments} segments, {res.files} files, "
            f"{res.bytes_read / 1e6:.1f} MB verified, ok"
        )
    for p in res.problems:
        typer.echo(f"{index / p.file}: {p.message}", err=True)
    if not res.ok:
        typer.echo(
            f"error: index {index} is corrupted ({len(res.problems)} problem(s) above); "
            + REBUILD.format(p=index),
            err=True,
        )
        raise typer.Exit(code=1)


@app.command()
def extract(
    paths: PathsArg,
    *,
    json: Annotated[bool, typer.Option("--json", help="One JSON line per file.")] = False,
    threads: Annotated[int, typer.Option(help="Worker threads (0 = all cores).")] = 0,
    lexicon: LexiconOpt = None,
) -> None:
    """Extract headings, metrics and metadata; print an outline, or JSON lines with --json."""
    from collections import Counter

    from lawgov_index import _core
    from lawgov_index.corpus import walk
    from lawgov_index.extract import BATCH_FILES, load_lexicon
    from lawgov_index.index import unread_note

    try:
        lex = load_lexicon(lexicon)
    except (OSError, _core.LawgovError) as e:
        raise _fail(e) from None
    unread = Counter[str]()
    files = walk(
        paths,
        on_skip=lambda p, why: _warn(f"{p}: skipped ({why})"),
        on_unread=lambda p: unread.update([p.suffix.lower()]),
    )
    failed = 0
    batch: list[str] = []

    def flush() -> None:
        nonlocal failed
        for r in _core.extract_paths(batch, threads=threads, lexicon=lex):
            if isinstance(r, BaseException):
                failed += 1
                _warn(f"skipped: {r}")
                continue
            for w in r.warnings:
                _warn(f"{r.file}: {w}")
            if json:
                sys.stdout.write(r.to_json() + "\n")
            else:
                _print_outline(r)
        batch.clear()

    for f in files:
        batch.append(str(f))
        if len(batch) >= BATCH_FILES:
            flush()
    flush()
    if note := unread_note(unread):
        _warn(note)
    if failed:
        raise typer.Exit(code=3)


def _print_outline(r: object) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    rep = r  # a _core.Report
    console.print(f"[bold]{rep.file}[/bold]  {rep.title or '(no title)'}")  # type: ignore[attr-defined]
    console.print(
        f"  year {rep.report_year}  level {rep.admin_level}  encoding {rep.encoding}"  # type: ignore[attr-defined]
    )
    by_heading: dict[int | None, list[object]] = {}
    for m in rep.metrics:  # type: ignore[attr-defined]
        by_heading.setdefault(m.heading_line, []).append(m)
    for h in rep.headings:  # type: ignore[attr-defined]
        part = f" [dim]({h.part})[/dim]" if h.part else ""
        console.print(f"{'  ' * h.depth}{h.marker}{h.text}{part}  [dim]L{h.line}[/dim]")
        for m in by_heading.get(h.line, []):
            q = m.qualifier or ""
            note = f" [yellow]≠ {m.note}[/yellow]" if m.note else ""  # type: ignore[attr-defined]
            console.print(
                f"{'  ' * (h.depth + 1)}[cyan]{m.name}[/cyan] = "  # type: ignore[attr-defined]
                f"{_amount(m.value, m.value_max, m.unit)} {q}{note}"  # type: ignore[attr-defined]
            )


@app.command("synth")
def synth_cmd(
    n: Annotated[int, typer.Argument(min=0, help="Number of reports to generate.")],
    *,
    out: Annotated[Path, typer.Option("--out", help="Output folder (created).")],
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same bytes.")] = 0,
    check: Annotated[
        bool, typer.Option("--check", help="Extract the reports and score them against the truth.")
    ] = False,
) -> None:
    """Generate N synthetic reports with exact truth (truth.jsonl) for testing extraction."""
    import json as _json

    from lawgov_index import synth

    try:
        s = synth.generate(n, out, seed=seed)
    except (OSError, ValueError) as e:
        raise _fail(e) from None
    layouts = ", ".join(f"{k} {v}" for k, v in s.layouts)
    encodings = ", ".join(f"{k} {v}" for k, v in s.encodings)
    typer.echo(
        f"wrote {s.n} reports ({s.bytes / 1e6:.1f} MB, {s.headings} headings, {s.metrics} metrics)"
        f" to {s.out} in {s.seconds:.1f}s; truth in {s.truth}"
    )
    typer.echo(f"  layouts: {layouts}; encodings: {encodings}")
    if check:
        score = synth.check(s.out)
        typer.echo(_json.dumps(score.summary(), ensure_ascii=False, indent=1))


@app.command("bench")
def bench_cmd(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Report files or folders to measure on.")
    ] = None,
    *,
    synth: Annotated[
        int | None, typer.Option("--synth", help="Measure on N generated reports instead.")
    ] = None,
    threads: Annotated[int, typer.Option(help="Threads for the all-cores figures (0 = all).")] = 0,
    rounds: Annotated[int, typer.Option(help="Runs of each query for p50/p99.")] = 50,
    extract: Annotated[
        bool, typer.Option(help="Also time extraction alone (skip for huge corpora).")
    ] = True,
    workdir: Annotated[
        Path | None, typer.Option(help="Keep the corpus and index here (default: temporary).")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Measure this machine: extraction, index build, index size, search latency, memory."""
    import json as _json

    from rich.console import Console
    from rich.table import Table

    from lawgov_index import bench

    if not paths and synth is None:
        typer.echo("error: give PATH... or --synth N", err=True)
        raise typer.Exit(code=2)
    try:
        r = bench.run(
            paths or [],
            synth=synth,
            threads=threads or None,
            rounds=rounds,
            workdir=workdir,
            extract_passes=extract,
        )
    except (OSError, RuntimeError) as e:
        raise _fail(e) from None
    if json:
        typer.echo(_json.dumps(r.to_dict(), ensure_ascii=False))
        return
    t = Table(title=f"lawgov-index bench: {r.reports} reports, {r.corpus_mb:.1f} MB")
    t.add_column("measure")
    t.add_column("value", justify="right")
    for name, value in [
        ("extraction, 1 thread", f"{r.extract_1t_mb_s:.1f} MB/s"),
        (f"extraction, {r.threads} threads", f"{r.extract_all_mb_s:.1f} MB/s"),
        ("index build (extract + write)", f"{r.index_mb_s:.2f} MB/s"),
        ("index build", f"{r.index_reports_s:.0f} reports/s ({r.index_seconds:.1f} s)"),
        ("index size", f"{r.index_mb:.1f} MB"),
        ("peak memory (RSS) through indexing", f"{r.index_peak_rss_mb:.0f} MB"),
        ("  of it anonymous (not mapped files)", f"{r.index_peak_anon_mb:.0f} MB"),
        ("peak memory (RSS) with searches", f"{r.peak_rss_mb:.0f} MB"),
    ]:
        t.add_row(name, value)
    for row in r.latency:
        label = f"search {row.query!r}" + (" + filter" if row.filtered else "")
        t.add_row(label, f"p50 {row.p50_ms:.2f} ms  p99 {row.p99_ms:.2f} ms  ({row.hits} hits)")
    Console().print(t)
