"""gkdesk-cli's command line as argparse reads it, in Chinese: usage, help and errors.

Imported only when a command line is not the plain ``[--data-dir 文件夹] import 文件 [--dry-run]
[--json]`` that ``cli.plain_import`` reads (argparse with gettext and locale is ~19M instructions
of a dry run's ~310M: docs/PERFORMANCE.md, "The .html import row").
"""
from __future__ import annotations

import argparse
import sys

from gkdesk import __version__
from gkdesk.cli import EXIT_INPUT, argparse_zh
from gkdesk.domain.form_names import COMPLETION_FORM, COMPLETION_LABEL, ROSTER_FORM, ROSTER_LABEL
from gkdesk.file_types import suffix_list

_HELP_ZH = [
    ("usage: ", "用法："),
    ("positional arguments:", "位置参数："),
    ("options:", "选项："),
    ("show this help message and exit", "显示本帮助并退出"),
    ("show program's version number and exit", "显示版本号并退出"),
]


class _Parser(argparse.ArgumentParser):
    """argparse speaking Chinese: usage, help and errors (exit code 2, EXIT_INPUT)."""

    def format_usage(self) -> str:
        return _zh_help(super().format_usage())

    def format_help(self) -> str:
        return _zh_help(super().format_help())

    def error(self, message: str):  # type: ignore[override]
        usage = self.format_usage()
        sys.stderr.buffer.write(f"{usage}{self.prog}：错误：{argparse_zh(message)}\n".encode("utf-8"))
        sys.stderr.flush()
        raise SystemExit(EXIT_INPUT)

    def _print_message(self, message: str, file=None) -> None:
        if message:
            out = file or sys.stderr
            out.buffer.write(message.encode("utf-8")) if hasattr(out, "buffer") else out.write(message)
            out.flush()


def _zh_help(text: str) -> str:
    for en, zh in _HELP_ZH:
        text = text.replace(en, zh)
    return text




def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. ``only`` (one of cli.py's own commands) builds that command's words
    alone: each sub-parser costs argparse a dozen gettext look-ups on disk, and
    `import --dry-run` is a quick look at a file (19 sub-parsers: ~7 ms of a ~100 ms run)."""
    p = _Parser(prog="gkdesk-cli", description="政务公开任务台 命令行")
    p.add_argument("--version", action="version", version=f"gkdesk {__version__}")
    p.add_argument("--data-dir", metavar="文件夹", help="数据文件夹（默认：环境变量 GKDESK_HOME 或用户数据目录）")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")
    wanted = (lambda name: only in (None, name))

    if wanted("import"):
        imp = sub.add_parser("import", help=f"导入通知文件（{suffix_list()}）")
        imp.add_argument("file", metavar="文件", help=f"通知文件：{suffix_list()}")
        imp.add_argument("--dry-run", action="store_true", help="只解析，不保存")
        imp.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")

    if wanted("list"):
        sub.add_parser("list", help="列出已导入的通知")

    if wanted("show"):
        show = sub.add_parser("show", help="显示一份通知的任务")
        show.add_argument("notice", metavar="通知", help="通知编号（列表中的序号）或发文字号")
        show.add_argument("--json", action="store_true", help="以 JSON 输出")

    if wanted("export"):
        exp = sub.add_parser(
            "export", help=f"导出{COMPLETION_LABEL}{COMPLETION_FORM}或{ROSTER_LABEL}{ROSTER_FORM}（Word/Excel/PDF）"
        )
        forms = exp.add_subparsers(dest="form", required=True, metavar="表格")
        comp = forms.add_parser("completion", help=f"{COMPLETION_LABEL}{COMPLETION_FORM}（不指定单位则为整份通知）")
        comp.add_argument("--notice", required=True, metavar="通知", help="通知编号或发文字号")
        comp.add_argument("--unit", metavar="单位", help="填报单位（只导出交办给该单位的任务）")
        ros = forms.add_parser("roster", help=f"{ROSTER_LABEL}{ROSTER_FORM}")
        ros.add_argument("--notice", required=True, metavar="通知", help="通知编号或发文字号")
        ros.add_argument("--unit", required=True, metavar="单位", help="填报单位")
        for f in (comp, ros):
            f.add_argument("--format", required=True, choices=("docx", "xlsx", "pdf"), help="导出格式")
            f.add_argument("-o", "--output", required=True, metavar="文件", help="输出文件")
    if only is not None:
        return p
    from gkdesk import cli_collect  # collection between units: units, sheets, collect, status …

    cli_collect.add_parsers(sub)
    from gkdesk import cli_review  # 审核 and 汇总: review, summary

    cli_review.add_parsers(sub)
    from gkdesk import cli_backup  # backup, restore

    cli_backup.add_parsers(sub)
    return p
