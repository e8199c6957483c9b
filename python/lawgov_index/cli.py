"""The `lawgov-index` command line (Typer). Commands parse, call the API and render."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

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


@app.command()
def extract(
    paths: PathsArg,
    *,
    json: Annotated[bool, typer.Option("--json", help="One JSON object per file per line.")] = False,
    threads: Annotated[int, typer.Option(help="Worker threads (0 = all cores).")] = 0,
    lexicon: LexiconOpt = None,
) -> None:
    """Extract headings, metrics and metadata; print an outline, or JSON lines with --json."""
    from lawgov_index import _core
    from lawgov_index.corpus import walk
    from lawgov_index.extract import BATCH_FILES, load_lexicon

    try:
        lex = load_lexicon(lexicon)
    except (OSError, _core.LawgovError) as e:
        raise _fail(e) from None
    files = walk(paths, on_skip=lambda p, why: _warn(f"{p}: skipped ({why})"))
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
            console.print(
                f"{'  ' * (h.depth + 1)}[cyan]{m.name}[/cyan] = {m.value:g}{m.unit} {q}"  # type: ignore[attr-defined]
            )
