"""gkdesk-cli: the same import and store code as the GUI, without a window.

Exit codes: 0 done; 2 the input could not be read (one Chinese line on stderr, nothing stored);
3 the data folder could not be used.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from gkdesk import __version__
from gkdesk.domain.model import ImportResult, NoticeImportError

EXIT_INPUT = 2
EXIT_STORE = 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="gkdesk-cli", description="政务公开任务台 命令行")
    p.add_argument("--version", action="version", version=f"gkdesk {__version__}")
    p.add_argument("--data-dir", help="数据文件夹（默认：环境变量 GKDESK_HOME 或用户数据目录）")
    sub = p.add_subparsers(dest="command", required=True, metavar="命令")

    imp = sub.add_parser("import", help="导入通知文件（.docx/.xlsx/.txt/.doc…）")
    imp.add_argument("file")
    imp.add_argument("--dry-run", action="store_true", help="只解析，不保存")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出解析结果")

    sub.add_parser("list", help="列出已导入的通知")

    show = sub.add_parser("show", help="显示一份通知的任务")
    show.add_argument("notice", help="通知编号（列表中的序号）或发文字号")
    show.add_argument("--json", action="store_true", help="以 JSON 输出")

    exp = sub.add_parser("export", help="导出附件1落实情况表或附件2人员名单（Word/Excel/PDF）")
    forms = exp.add_subparsers(dest="form", required=True, metavar="表格")
    comp = forms.add_parser("completion", help="附件1 任务落实情况表（不指定单位则为整份通知）")
    comp.add_argument("--notice", required=True, help="通知编号或发文字号")
    comp.add_argument("--unit", help="填报单位（只导出交办给该单位的任务）")
    ros = forms.add_parser("roster", help="附件2 人员名单")
    ros.add_argument("--notice", required=True, help="通知编号或发文字号")
    ros.add_argument("--unit", required=True, help="填报单位")
    for f in (comp, ros):
        f.add_argument("--format", required=True, choices=("docx", "xlsx", "pdf"), help="导出格式")
        f.add_argument("-o", "--output", required=True, help="输出文件")
    from gkdesk import cli_collect  # collection between units: units, sheets, collect, status …

    cli_collect.add_parsers(sub)
    from gkdesk import cli_review  # 审核 and 汇总: review, summary

    cli_review.add_parsers(sub)
    return p


def _print_json(data: object) -> None:
    out = json.dumps(data, ensure_ascii=False, indent=1)
    sys.stdout.buffer.write(out.encode("utf-8") + b"\n")
    sys.stdout.flush()


def _say(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")


def _fail(text: str, code: int) -> int:
    sys.stderr.buffer.write(("错误：" + text + "\n").encode("utf-8"))
    sys.stderr.flush()
    return code


def _summary(result: ImportResult) -> str:
    n = result.notice
    sections, subsections, tasks = result.counts()
    lines = [
        f"{n.doc_number or '（无发文字号）'}  {n.title or '（无标题）'}",
        f"  {sections} 个部分，{subsections} 个小项，{tasks} 项任务"
        + ("；含附件2人员名单表" if result.roster else ""),
    ]
    for d in n.report_deadlines:
        when = d.due.strftime("%Y年%m月%d日") + (f" {d.time}" if d.time else "")
        lines.append(f"  报送时限：{d.attachment + ' ' if d.attachment else ''}{d.what} — {when}前")
    if result.warnings:
        lines.append(f"  提示 {len(result.warnings)} 条：")
        lines.extend(f"    · {w}" for w in result.warnings[:20])
        if len(result.warnings) > 20:
            lines.append(f"    …… 另有 {len(result.warnings) - 20} 条")
    return "\n".join(lines)


def _open_store(args):
    from gkdesk.store import Store

    return Store.open(args.data_dir)


def cmd_import(args) -> int:
    from gkdesk.importers import import_file

    try:
        result = import_file(args.file)
    except NoticeImportError as exc:
        return _fail(str(exc), EXIT_INPUT)
    payload = result.to_json()
    if not args.dry_run:
        store = _open_store(args)
        try:
            outcome = store.notices.save_import(result, who="命令行")
        finally:
            store.close()
        payload["stored"] = {"notice_id": outcome.notice_id, "status": outcome.status}
    if args.json:
        _print_json(payload)
    else:
        _say(_summary(result))
        if not args.dry_run:
            word = {"new": "已导入", "unchanged": "此文件已导入过，未重复保存", "revised": "已按修订版更新"}
            _say(f"  {word.get(outcome.status, outcome.status)}（通知编号 {outcome.notice_id}）")
    return 0


def cmd_list(args) -> int:
    store = _open_store(args)
    try:
        notices = store.notices.list_notices()
    finally:
        store.close()
    if not notices:
        _say("尚未导入任何通知。用 gkdesk-cli import 文件 导入。")
        return 0
    for n in notices:
        _say(f"{n.id:>4}  {n.year or '----'}  {n.doc_number or '（无发文字号）'}  {n.title}  （{n.tasks} 项任务）")
    return 0


def _no_notice(ref: str) -> int:
    return _fail(f"找不到通知“{ref}”。可用 gkdesk-cli list 查看已导入的通知。", EXIT_INPUT)


def cmd_show(args) -> int:
    store = _open_store(args)
    try:
        nid = store.notices.find_notice(args.notice)
        if nid is None:
            return _no_notice(args.notice)
        result = store.notices.load_result(nid)
    finally:
        store.close()
    if args.json:
        _print_json(result.to_json())
        return 0
    _say(_summary(result))
    for s in result.sections:
        _say(s.title or "（未分部分）")
        for ss in s.subsections:
            if ss.title:
                _say("  " + ss.title)
            for t in ss.tasks:
                first = t.text.split("\n", 1)[0]
                if len(first) > 60:
                    first = first[:59] + "…"
                units = "；".join(x for x in ("牵头：" + "、".join(t.lead) if t.lead else "",
                                              "责任：" + "、".join(t.responsible) if t.responsible else "") if x)
                due = t.deadline.due.isoformat() if t.deadline.due else t.deadline.text
                _say(f"    {t.number + ' ' if t.number else ''}{first}  [{units}]{'  ' + due if due else ''}")
    return 0


def cmd_export(args) -> int:
    from gkdesk.exporters.forms import completion_form, roster_form

    store = _open_store(args)
    try:
        nid = store.notices.find_notice(args.notice)
        if nid is None:
            return _no_notice(args.notice)
        if args.form == "completion":
            form = completion_form(store, nid, args.unit or None)
        else:
            form = roster_form(store, nid, args.unit)
    finally:
        store.close()
    if args.format == "pdf":
        try:
            from gkdesk.printing.pdf import export_pdf
        except ImportError:
            return _fail("暂不支持导出 PDF。", EXIT_INPUT)
        writer = export_pdf
    elif args.format == "docx":
        from gkdesk.exporters import docx_forms

        writer = docx_forms.export_completion_docx if args.form == "completion" else docx_forms.export_roster_docx
    else:
        from gkdesk.exporters import xlsx_forms

        writer = xlsx_forms.export_completion_xlsx if args.form == "completion" else xlsx_forms.export_roster_xlsx
    try:
        writer(form, args.output)
    except OSError as exc:
        return _fail(f"无法写入文件“{args.output}”：{exc.strerror or exc}", EXIT_INPUT)
    what = "附件1落实情况表" if args.form == "completion" else "附件2人员名单"
    rows = len(form.rows) if args.form == "completion" else sum(len(r) for _, r in form.blocks)
    _say(f"已导出{what}（{form.unit or '整份通知'}，{rows} 行）：{args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from gkdesk.store import StoreError

    try:
        from gkdesk import cli_collect

        if args.command in cli_collect.COMMANDS:
            return cli_collect.run(args, _open_store, _say, _print_json, _fail)
        from gkdesk import cli_review

        if args.command in cli_review.COMMANDS:
            return cli_review.run(args, _open_store, _say, _print_json, _fail)
        return {"import": cmd_import, "list": cmd_list, "show": cmd_show, "export": cmd_export}[
            args.command
        ](args)
    except StoreError as exc:
        return _fail(str(exc), EXIT_STORE)
    except BrokenPipeError:
        # Output piped into `head`: the reader has gone; that is not an error.
        sys.stdout = None  # type: ignore[assignment]
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
