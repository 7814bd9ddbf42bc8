"""What every command group shares: the error handler, output formats, the current dossier."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from evidence.errors import UserError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import TaskID

    from evidence.dossier import Dossier


class Group(TyperGroup):
    """Turns a :class:`UserError` raised anywhere below into one line and its exit code.

    Exit codes: 2 for a user error (and an input too large or deep to read), 3 for an
    internal error (a bug), which is one line too unless ``DRAFTING_DEBUG`` is set.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the program; a usage error (unknown option, missing argument) is one line.

        ``drafting: error: No such option: --bogus (see 'drafting render --help')``, exit 2,
        in place of the usage block; ``--help`` and a bare group's help are as they were.
        """
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        from typer._click.exceptions import ClickException, NoArgsIsHelpError
        from typer.exceptions import Abort

        try:  # every command returns None: an int is an exit code (typer.Exit, --help)
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except ClickException as exc:
            context = getattr(exc, "ctx", None)
            words = context.command_path.split()[1:] if context is not None else []
            path = " ".join(["drafting", *words])  # whatever the program was called
            message = exc.format_message().replace("Value error, ", "").rstrip(".")
            typer.echo(f"drafting: error: {message} (see '{path} --help')", err=True)
            sys.exit(exc.exit_code)
        except Abort:
            typer.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        """Run the command, turning a user error into its message and exit code."""
        try:
            return super().invoke(ctx)
        except UserError as exc:
            typer.echo(f"drafting: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:  # what read the output stopped (`| head`): stop quietly
            _quiet_stdout()
            raise typer.Exit(141) from None  # as a shell reports a program ended by SIGPIPE
        except OSError as exc:  # the user's filesystem, wherever the library did not say
            from evidence.fsio import os_error

            where = Path(exc.filename) if exc.filename else Path()
            typer.echo(f"drafting: error: {os_error(exc, where, 'cannot read or write')}", err=True)
            raise typer.Exit(2) from None
        except (RecursionError, MemoryError) as exc:
            typer.echo(
                f"drafting: error: an input is too large or nested too deeply to read "
                f"({type(exc).__name__}); it was not processed",
                err=True,
            )
            raise typer.Exit(2) from None
        except Exception as exc:
            from typer.exceptions import Abort, Exit, TyperException

            if isinstance(exc, TyperException | Exit | Abort) or os.environ.get(DEBUG):
                raise
            typer.echo(internal_error(exc), err=True)
            raise typer.Exit(3) from None


def _quiet_stdout() -> None:
    """Point standard output at /dev/null: flushing at exit must not fail on the pipe again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind it (a test's runner)
        pass


#: Set it to see the traceback of an internal error instead of its one line.
DEBUG = "DRAFTING_DEBUG"


def internal_error(exc: BaseException) -> str:
    """One line for a bug: what failed and where in drafting, and what to do."""
    import traceback

    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if "/drafting/" in f.filename or "/evidence/" in f.filename
    ]
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    message = " ".join(str(exc).split())[:200]
    return (
        f"drafting: internal error: {type(exc).__name__}: {message}{where}. This is a bug "
        f"in drafting, not a mistake of yours: please report it with the command you ran "
        f"({DEBUG}=1 shows the whole traceback)"
    )


class Format(StrEnum):
    """Output formats every listing command offers."""

    table = "table"
    json = "json"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]


def new_app(help_text: str) -> typer.Typer:
    """A command group with the shared error handling.

    Help and usage errors are plain text (``rich_markup_mode=None``): drawing them with rich
    costs about 0.2 s of every ``--help``, three times the start-up it decorates.
    """
    return typer.Typer(
        cls=Group,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        help=help_text,
        rich_markup_mode=None,
    )


def current_dossier(ctx: typer.Context, near: Path | None = None) -> Dossier:
    """The dossier named by ``--dossier``, holding ``near``, the environment, or the folder.

    Else the bundled one. ``near`` is the file the command works on (a draft, a document):
    it belongs to the dossier that holds it.
    """
    from evidence.dossier import find_dossier

    root = ctx.find_root().obj
    return find_dossier(root if isinstance(root, Path) else None, near=near)


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    import json

    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def console() -> Console:
    """A rich console on stdout; in a pipe it is wide, so tables are not squeezed."""
    import sys

    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def fits_terminal(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Whether stdout is a terminal wide enough to draw the table without breaking a word."""
    if not sys.stdout.isatty():
        return False
    import shutil

    widths = [
        max((len(word) for cell in column for word in cell.split()), default=0)
        for column in zip(headers, *rows, strict=True)
    ]
    return sum(widths) + 3 * len(widths) + 1 <= shutil.get_terminal_size().columns


def show_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A table: drawn by rich on a terminal that fits it, else as plain rows; the same words.

    Plain rows (:func:`evidence.csvio.plain_rows`) go to a pipe, a file or a terminal too
    narrow for it (:func:`fits_terminal`).
    """
    if not fits_terminal(headers, rows):
        from evidence.csvio import plain_rows

        typer.echo(plain_rows(headers, rows))
        return
    from rich.table import Table

    table = Table(*headers)
    for row in rows:
        table.add_row(*row)
    console().print(table)


def stderr_is_terminal() -> bool:
    """Whether standard error is a terminal (where a progress bar may be drawn)."""
    import sys

    return sys.stderr.isatty()


@contextmanager
def ocr_progress(name: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr as ``name``'s scanned pages are read by OCR.

    Yields the callback a reader calls with (pages done, pages to do), or None when stderr
    is not a terminal (a pipe, a log, a test): nothing is drawn there. The bar appears at
    the first page read, so a document without scanned pages draws nothing, and it is
    cleared when reading ends.
    """
    if not stderr_is_terminal():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        "pages",
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task: list[TaskID] = []

    def update(done: int, total: int) -> None:
        if not task:
            bar.start()
            task.append(bar.add_task(f"reading {name} by OCR", total=total))
        bar.update(task[0], completed=done)

    try:
        yield update
    finally:
        bar.stop()


#: What a file's first bytes say it is, for a command given the wrong kind of file.
_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip package (a .docx, .xlsx or .odt)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc or .xls)"),
    (b"{\\rtf", "an RTF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
)


def sniff(path: Path) -> str | None:
    """What a regular file is by its first bytes (``a PDF`` ...), or None for anything else.

    Anything but a regular file is left to the command's reader to name (a FIFO is never
    waited on: it is opened without blocking and not read).
    """
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        head = os.read(fd, 8)
    except OSError:
        return None
    finally:
        os.close(fd)
    return next((what for magic, what in _MAGIC if head.startswith(magic)), None)


def input_file(
    takes: str, *, documents: bool = False, pdf: bool = False, named_docx: bool = False
) -> Any:
    """A typer callback checking a file argument before the command runs.

    A missing file is one line naming the nearest file there is; a folder, or a file of
    the wrong kind (a PDF given to ``render``), says what the command takes. ``documents``
    lets a Word .docx through (review reads rendered documents), ``named_docx`` only one
    whose name ends ``.docx`` (render reads Word drafts), ``pdf`` a PDF.
    """

    def check(value: Path | None) -> Path | None:
        from drafting.errors import UsageError

        if value is None:
            return None
        if not value.exists():
            folder = value.parent
            if not folder.is_dir():
                raise UsageError(f"{value}: no such file (the folder {folder} does not exist)")
            from evidence.suggest import nearest

            try:
                names = [p.name for p in folder.iterdir() if p.is_file()]
            except OSError:
                names = []
            close = nearest(value.name, names, limit=1, scorer="spelling")
            raise UsageError(
                f"{value}: no such file",
                hint=(f"Did you mean {folder / close[0]}?" if close else f"It takes {takes}"),
            )
        if value.is_dir():
            raise UsageError(f"{value}: is a folder; give {takes}")
        what = sniff(value)
        word = documents or (named_docx and value.suffix.lower() == ".docx")
        if (
            what is not None
            and not (word and what.startswith("a zip"))
            and not (pdf and what == "a PDF")
        ):
            raise UsageError(f"{value}: is {what}; this command takes {takes}")
        return value

    return check


def output_named(
    path: Path | None, suffixes: tuple[str, ...], what: str, option: str = "--output"
) -> None:
    """Refuse an output whose name does not say what it holds (a Word file named x.pdf).

    Raises:
        UsageError: ``path``'s suffix is not one of ``suffixes``.
    """
    from drafting.errors import UsageError

    if path is not None and path.suffix.lower() not in suffixes:
        raise UsageError(
            f"{option} {path}: {what} is written there: give a name ending {' or '.join(suffixes)}"
        )
