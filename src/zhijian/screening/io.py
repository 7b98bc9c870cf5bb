"""Read and validate listing / watch-list files; write hits atomically.

Every problem with an input file is an :class:`InputError` naming the file, the row (1-based data
row, the header is not counted), the column and the reason in Chinese and English. Output goes to
a temporary file in the destination folder and is moved into place with ``os.replace``, so a failed
run never leaves a partial file at the output path.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from zhijian.screening.rules import WATCH_KINDS

LISTING_REQUIRED = ("listing_id", "title")
LISTING_OPTIONAL = (
    "platform", "shop_name", "seller_uscc", "brand", "model", "category", "gtin", "licence_no", "price", "url",
)
WATCH_REQUIRED = ("watch_id", "kind")
WATCH_OPTIONAL = (
    "enterprise_name", "uscc", "brand", "product_name", "model", "gtin", "batch", "licence_no", "category",
    "reason",
)
HIT_COLUMNS = ("listing_id", "watch_id", "kind", "score", "reasons")
INPUT_SUFFIXES = (".csv", ".jsonl", ".parquet")
OUTPUT_SUFFIXES = (".csv", ".parquet")


class InputError(Exception):
    """A bad input file, row or column; the CLI prints it and exits with status 2."""

    def __init__(
        self, path: str | os.PathLike[str], reason_zh: str, reason_en: str, *, row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path, self.row, self.column = str(path), row, column
        self.reason_zh, self.reason_en = reason_zh, reason_en
        where = [self.path]
        if row is not None:
            where.append(f"第 {row} 行 / row {row}")
        if column is not None:
            where.append(f"列 / column {column!r}")
        super().__init__(f"{', '.join(where)}: {reason_zh} / {reason_en}")


def read_listings(path: str | os.PathLike[str]) -> pa.Table:
    return read_table(path, LISTING_REQUIRED, LISTING_OPTIONAL, unique="listing_id")


def read_watchlist(path: str | os.PathLike[str]) -> pa.Table:
    table = read_table(path, WATCH_REQUIRED, WATCH_OPTIONAL, unique="watch_id")
    kinds = table.column("kind")
    bad = pc.invert(pc.is_in(kinds, value_set=pa.array(WATCH_KINDS)))
    _raise_first(path, bad, "kind", "类型不在允许范围内（" + ", ".join(WATCH_KINDS) + "）",
                 "kind must be one of " + ", ".join(WATCH_KINDS), kinds)
    return table


def read_table(
    path: str | os.PathLike[str], required: Sequence[str], optional: Sequence[str], *, unique: str
) -> pa.Table:
    """All known columns as strings (missing optional ones filled with nulls), validated."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "文件不存在", "file not found")
    suffix = path.suffix.lower()
    if suffix not in INPUT_SUFFIXES:
        raise InputError(path, "不支持的文件格式（应为 .csv/.jsonl/.parquet）",
                         "unsupported format (expected .csv, .jsonl or .parquet)")
    table = {".csv": _read_csv, ".jsonl": _read_jsonl, ".parquet": _read_parquet}[suffix](path)
    for column in required:
        if column not in table.column_names:
            raise InputError(path, "缺少必需的列", "required column is missing", column=column)
    columns = {}
    for column in (*required, *optional):
        if column in table.column_names:
            columns[column] = _as_text(path, table.column(column), column)
        else:
            columns[column] = pa.nulls(table.num_rows, pa.string())
    result = pa.table(columns)
    for column in required:
        values = result.column(column)
        empty = pc.or_(pc.is_null(values), pc.equal(pc.utf8_trim_whitespace(values), ""))
        _raise_first(path, empty, column, "必填值为空", "required value is empty")
    if unique:
        _check_unique(path, result.column(unique), unique)
    return result


def _read_csv(path: Path) -> pa.Table:
    from pyarrow import csv

    try:
        # Everything as text: a GTIN or USCC must keep its leading zeros.
        names = _csv_header(path)
        return csv.read_csv(
            path,
            convert_options=csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=True,
                quoted_strings_can_be_null=False,
            ),
            parse_options=csv.ParseOptions(newlines_in_values=True),
        )
    except UnicodeDecodeError:
        raise _not_utf8(path) from None
    except pa.ArrowInvalid as exc:
        if "UTF8" in str(exc) or "utf-8" in str(exc).lower():
            raise _not_utf8(path) from None
        raise InputError(path, "CSV 格式错误：" + _first_line(exc), "malformed CSV: " + _first_line(exc),
                         row=_csv_row_of(exc)) from None


def _not_utf8(path: Path, *, header: bool = True) -> InputError:
    """Name the first row that is not UTF-8 (an Excel export in GBK is the usual cause)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=0 if header else 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return InputError(path, "文件不是 UTF-8 编码（请另存为 UTF-8）", "file is not UTF-8 encoded (save it as UTF-8)",
                                  row=number if number else None)
    return InputError(path, "文件不是 UTF-8 编码", "file is not UTF-8 encoded")


def _csv_header(path: Path) -> list[str]:
    import csv as stdlib_csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(stdlib_csv.reader(handle), None)
    if not header:
        raise InputError(path, "CSV 文件为空或没有表头", "CSV file is empty or has no header row")
    return [name.strip() for name in header]


def _read_jsonl(path: Path) -> pa.Table:
    rows = []
    with path.open(encoding="utf-8", errors="strict") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(path, "JSON 格式错误：" + exc.msg, "malformed JSON: " + exc.msg,
                                     row=number) from None
                if not isinstance(row, dict):
                    raise InputError(path, "每行应为一个 JSON 对象", "each line must be a JSON object", row=number)
                rows.append({k: (None if v is None else v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
                                 if isinstance(v, (dict, list)) else str(v)) for k, v in row.items()})
        except UnicodeDecodeError:
            raise _not_utf8(path, header=False) from None
    names = list(dict.fromkeys(k for row in rows for k in row))
    return pa.table({name: pa.array([row.get(name) for row in rows], pa.string()) for name in names})


def _read_parquet(path: Path) -> pa.Table:
    import pyarrow.parquet as pq

    try:
        return pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(path, "Parquet 文件无法读取：" + _first_line(exc),
                         "unreadable Parquet file: " + _first_line(exc)) from None


def _as_text(path: Path, column: pa.ChunkedArray, name: str) -> pa.ChunkedArray:
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        return column.cast(pa.string())
    if pa.types.is_null(column.type):
        return column.cast(pa.string())
    try:
        return column.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        raise InputError(path, f"列类型 {column.type} 无法转换为文本", f"column of type {column.type} is not text",
                         column=name) from None


def _raise_first(
    path: str | os.PathLike[str], mask: pa.ChunkedArray | pa.Array, column: str, zh: str, en: str,
    values: pa.ChunkedArray | None = None,
) -> None:
    mask = pc.fill_null(mask, True)
    if not pc.any(mask).as_py():
        return
    row = pc.index(mask, True).as_py()
    if values is not None:
        zh, en = f"{zh}：{values[row].as_py()!r}", f"{en}: got {values[row].as_py()!r}"
    raise InputError(path, zh, en, row=row + 1, column=column)


def _check_unique(path: Path, values: pa.ChunkedArray, column: str) -> None:
    counts = pc.value_counts(values)
    duplicated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(duplicated):
        value = duplicated[0].as_py()
        rows = pc.indices_nonzero(pc.equal(values, value)).to_pylist()
        raise InputError(path, f"编号重复：{value!r}（第 {rows[0] + 1} 行已出现）",
                         f"duplicate id {value!r} (first seen in row {rows[0] + 1})", row=rows[1] + 1, column=column)


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _csv_row_of(exc: BaseException) -> int | None:
    import re

    match = re.search(r"[Rr]ow #?(\d+)", str(exc))
    return int(match.group(1)) - 1 if match else None


def load_aliases(path: str | os.PathLike[str]) -> dict[str, list[str]]:
    """Brand aliases from a file: JSON {brand: [alias, ...]} / [{"name":..., "aliases": [...]}] or CSV brand,alias."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "文件不存在", "file not found")
    aliases: dict[str, list[str]] = {}
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(path, "JSON 格式错误", f"malformed JSON: {exc}") from None
        items = data.items() if isinstance(data, dict) else ((d.get("name"), d.get("aliases")) for d in data)
        for brand, names in items:
            aliases.setdefault(str(brand), []).extend(str(n) for n in names or ())
        return aliases
    table = read_table(path, ("brand", "alias"), (), unique="")
    for brand, alias in zip(table.column("brand").to_pylist(), table.column("alias").to_pylist(), strict=True):
        aliases.setdefault(brand, []).append(alias)
    return aliases


def check_output_path(path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(path, "输出文件应为 .csv 或 .parquet", "output must end in .csv or .parquet")
    if not path.parent.exists():
        raise InputError(path, "输出目录不存在", "output folder does not exist")
    return path


def hits_table(rows: list[tuple[str, str, str, float, str]]) -> pa.Table:
    columns: list[Sequence[object]] = list(zip(*rows, strict=True)) if rows else [[] for _ in HIT_COLUMNS]
    types = [pa.string(), pa.string(), pa.string(), pa.float64(), pa.string()]
    return pa.table({name: pa.array(list(col), t) for name, col, t in zip(HIT_COLUMNS, columns, types, strict=True)})


def write_hits(table: pa.Table, path: str | os.PathLike[str]) -> None:
    """Write to a temporary file beside the target and rename it into place (atomic on POSIX)."""
    path = check_output_path(path)
    handle, temporary = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            pq.write_table(table, temporary)
        else:
            from pyarrow import csv

            csv.write_csv(table, temporary)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; give the usual file mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
