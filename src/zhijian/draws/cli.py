"""``zhijian draw``: run a verifiable draw from a CSV pool, or verify a published draw record.

  zhijian draw run --pool P.csv --n N --beacon TEXT [--strata COLUMN] [--weights COLUMN] --out R.json
  zhijian draw run --pool P.csv --quota 610113=3 --quota 610114=2 --strata region --beacon TEXT --out R.json
  zhijian draw commit --pool P.csv --n N [--strata COLUMN] [--weights COLUMN]   (prints the commitment)
  zhijian draw verify R.json [--pool P.csv] [--commitment HEX]

Exit status: 0 the record reproduces exactly, 1 it does not (what differs is printed),
2 usage or input error. No Django needed: this runs on any machine with Python and numpy.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from zhijian.draws.lottery import (
    ALL_ROWS,
    DrawError,
    Pool,
    commit,
    run,
    verify,
)

OK, DIFFERS, USAGE = 0, 1, 2


class InputError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"参数错误 / usage error: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def read_pool_csv(path: str | Path, *, id_column: str = "id", strata: str | None = None,
                  weights: str | None = None) -> Pool:
    """A pool from a CSV file (UTF-8, with or without BOM) with a header row. Cells are trimmed."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise InputError(f"抽取池文件为空 / the pool file is empty: {path}") from None
            rows = list(reader)
    except OSError as exc:
        raise InputError(f"无法读取抽取池文件 / cannot read the pool file: {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"抽取池文件须为 UTF-8 编码 / the pool file must be UTF-8: {path}") from None

    def column(name: str | None) -> int | None:
        if name is None:
            return None
        if name not in header:
            raise InputError(f"抽取池文件没有“{name}”列 / the pool file has no column {name!r} "
                             f"(columns: {', '.join(header)})")
        return header.index(name)

    i_id, i_stratum, i_weight = column(id_column), column(strata), column(weights)
    assert i_id is not None
    rows = [r for r in rows if any(cell.strip() for cell in r)]  # blank lines at the end of a file
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise InputError(f"第 {number} 行有 {len(row)} 个单元格，表头有 {len(header)} 个 / "
                             f"line {number} has {len(row)} cells, the header {len(header)}")
    ids = [r[i_id].strip() for r in rows]
    for number, value in enumerate(ids, start=2):
        if not value:
            raise InputError(f"第 {number} 行编号为空 / line {number}: empty id")
    stratum_col = [r[i_stratum].strip() for r in rows] if i_stratum is not None else None
    weight_col = [r[i_weight].strip() for r in rows] if i_weight is not None else None
    try:
        return Pool.from_columns(ids, stratum_col, weight_col)
    except DrawError as exc:
        raise InputError(f"抽取池无效 / invalid pool: {exc}") from None


def _quotas(items: Sequence[str] | None) -> dict[str, int] | None:
    if not items:
        return None
    out: dict[str, int] = {}
    for item in items:
        stratum, sep, count = item.rpartition("=")
        if not sep or not count.strip().isdigit():
            raise InputError(f"--quota 须写成 分层=数量 / --quota must be STRATUM=COUNT, got {item!r}")
        out[stratum.strip()] = int(count)
    return out


def _params(args: argparse.Namespace) -> dict[str, Any]:
    quotas = _quotas(args.quota)
    if quotas is not None and args.strata is None:
        raise InputError("使用 --quota 时须用 --strata 指定分层列 / --quota needs --strata COLUMN")
    if quotas is None and args.n is None:
        raise InputError("须给出 --n 或 --quota / give --n or --quota")
    params: dict[str, Any] = {"weighted": args.weights is not None}
    if quotas is not None:
        params["quotas"] = quotas
        if args.n is not None:
            params["n"] = args.n
    else:
        params.update({"n": args.n, "stratified": args.strata is not None})
    return params


def _print_result(record: dict[str, Any]) -> None:
    for group, ids in record["result"].items():
        label = "全部 / all" if group == ALL_ROWS else group
        print(f"  [{label}] {len(ids)}: {', '.join(ids[:20])}{' …' if len(ids) > 20 else ''}")


def cmd_run(args: argparse.Namespace) -> int:
    pool = read_pool_csv(args.pool, id_column=args.id_column, strata=args.strata, weights=args.weights)
    record = run(pool, _params(args), args.beacon)
    record["source"] = {"pool_file": Path(args.pool).name, "id_column": args.id_column,
                        "strata_column": args.strata, "weights_column": args.weights}
    text = json.dumps(record, ensure_ascii=False, indent=1 if len(pool) <= 10_000 else None)
    try:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"无法写入 / cannot write {args.out}: {exc.strerror}") from None
    print(f"承诺值 / commitment: {record['commitment']}")
    print(f"随机种子 / seed:     {record['seed']}")
    print(f"抽取结果 / result ({sum(len(v) for v in record['result'].values())} of {record['pool_size']}):")
    _print_result(record)
    print(f"记录已写入 / record written to {args.out}")
    return OK


def cmd_commit(args: argparse.Namespace) -> int:
    pool = read_pool_csv(args.pool, id_column=args.id_column, strata=args.strata, weights=args.weights)
    committed = commit(pool, _params(args))
    print(f"抽取池摘要 / pool_sha256: {committed['pool_sha256']} ({committed['pool_size']} rows)")
    print(f"参数 / params: {json.dumps(committed['params'], ensure_ascii=False, sort_keys=True)}")
    print(f"承诺值 / commitment: {committed['commitment']}")
    return OK


def _load_record(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            record = json.load(handle)
    except OSError as exc:
        raise InputError(f"无法读取记录 / cannot read the record: {path} ({exc.strerror})") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"记录不是有效的 JSON / the record is not valid JSON: {exc}") from None
    if not isinstance(record, dict):
        raise InputError("记录须为 JSON 对象 / the record must be a JSON object")
    return record


def cmd_verify(args: argparse.Namespace) -> int:
    record = _load_record(args.record)
    rows = None
    if args.pool:
        # A published P.csv has the columns id, stratum, weight; any of them may be renamed.
        header = _csv_header(args.pool)
        strata = args.strata or ("stratum" if "stratum" in header else None)
        weights = args.weights or ("weight" if "weight" in header else None)
        rows = read_pool_csv(args.pool, id_column=args.id_column, strata=strata, weights=weights)
    problems = verify(record, rows, expected_commitment=args.commitment)
    title = record.get("title")
    if title:
        print(f"抽取 / draw: {title}")
    if problems:
        print("复核未通过：记录不能复现 / NOT REPRODUCED: the record does not reproduce")
        for problem in problems:
            print(f"  - {problem}")
        return DIFFERS
    print("复核通过：记录可完全复现 / REPRODUCED: the record reproduces exactly")
    print(f"  抽取池 / pool: {record['pool_size']} rows, sha256 {record['pool_sha256']}")
    print(f"  承诺值 / commitment: {record['commitment']}")
    print(f"  公开随机值 / beacon: {record['beacon']}")
    print(f"  随机种子 / seed: {record['seed']}")
    _print_result(record)
    return OK


def _csv_header(path: str) -> list[str]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            return [h.strip() for h in next(csv.reader(handle), [])]
    except OSError as exc:
        raise InputError(f"无法读取抽取池文件 / cannot read the pool file: {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise InputError(f"抽取池文件须为 UTF-8 编码 / the pool file must be UTF-8: {path}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="zhijian draw", description="可复核的双随机抽取 / verifiable double-random draws")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def pool_options(p: argparse.ArgumentParser, *, required: bool) -> None:
        p.add_argument("--pool", required=required, help="抽取池 CSV（含 id 列）/ pool CSV with an id column")
        p.add_argument("--id-column", default="id", help="编号列名 / id column (default: id)")
        p.add_argument("--strata", metavar="COLUMN", help="分层列 / stratum column")
        p.add_argument("--weights", metavar="COLUMN", help="权重列 / weight column")

    def draw_options(p: argparse.ArgumentParser) -> None:
        pool_options(p, required=True)
        p.add_argument("--n", type=int, help="抽取总数 / number to draw (spread over strata in proportion)")
        p.add_argument("--quota", action="append", metavar="STRATUM=COUNT", help="各层数量 / per-stratum quota")

    p_run = sub.add_parser("run", help="抽取并写出记录 / draw and write the record")
    draw_options(p_run)
    p_run.add_argument("--beacon", required=True, help="公开随机值 / public random value")
    p_run.add_argument("--out", required=True, help="记录 JSON 文件 / record JSON file")
    p_run.set_defaults(func=cmd_run)

    p_commit = sub.add_parser("commit", help="只计算承诺值 / compute the commitment only")
    draw_options(p_commit)
    p_commit.set_defaults(func=cmd_commit)

    p_verify = sub.add_parser("verify", help="复核记录 / verify a record")
    p_verify.add_argument("record", help="记录 JSON 文件 / record JSON file")
    pool_options(p_verify, required=False)
    p_verify.add_argument("--commitment", help="事先公布的承诺值 / the commitment published before the draw")
    p_verify.set_defaults(func=cmd_verify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else USAGE
    try:
        return int(args.func(args))
    except (InputError, DrawError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return USAGE


if __name__ == "__main__":
    raise SystemExit(main())
