"""gkdesk-cli: the same import and store code as the GUI, without a window.

Exit codes: 0 done; 2 the input could not be read (one Chinese line on stderr, nothing stored);
3 the data folder could not be used.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from types import SimpleNamespace

from gkdesk.domain.form_names import COMPLETION_FORM, COMPLETION_LABEL, ROSTER_FORM, ROSTER_LABEL
from gkdesk.domain.model import ImportResult, NoticeImportError
from gkdesk.lazy_re import lazy_compile
from gkdesk.plain_line import data_dir_word

# `import --dry-run` reads a file and prints its tree: it never loads the store (sqlite3 and ~70
# modules), the exporters or json unless asked. Commands import what they use.

EXIT_INPUT = 2
EXIT_STORE = 3


# argparse's own words (Python 3.11), as the rest of the command line speaks them.
_ARGPARSE_ZH = [
    (lazy_compile(r"^the following arguments are required: (.*)$"), r"缺少必需的参数：\1"),
    (lazy_compile(r"^unrecognized arguments: (.*)$"), r"无法识别的参数：\1"),
    (lazy_compile(r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$"), r"参数 \1 的取值 \2 无效（可选：\3）"),
    (lazy_compile(r"^argument (.*?): expected one argument$"), r"参数 \1 后面需要一个值"),
    (lazy_compile(r"^argument (.*?): expected (.*) arguments?$"), r"参数 \1 后面需要 \2 个值"),
    (lazy_compile(r"^argument (.*?): ignored explicit argument (.*)$"), r"参数 \1 不接受值 \2"),
    (lazy_compile(r"^argument (.*?): invalid (.*) value: (.*)$"), r"参数 \1 的值 \3 无效"),
    (lazy_compile(r"^argument (.*?): not allowed with argument (.*)$"), r"参数 \1 不能与 \2 同时使用"),
    (lazy_compile(r"^ambiguous option: (.*) could match (.*)$"), r"选项 \1 有歧义，可能是：\2"),
    (lazy_compile(r"^one of the arguments (.*) is required$"), r"必须给出以下参数之一：\1"),
]

def argparse_zh(message: str) -> str:
    """One of argparse's English error messages in Chinese (unknown ones are kept as they are)."""
    for pattern, repl in _ARGPARSE_ZH:
        if pattern.match(message):
            return pattern.sub(repl, message)
    return message


OWN_COMMANDS = ("import", "list", "show", "export")


def plain_import(argv: Sequence[str]) -> SimpleNamespace | None:
    """The arguments of a plain ``[--data-dir 文件夹] import 文件 [--dry-run] [--json]`` line, each
    word spelled out and given once, as argparse would read them; None for any other line (it goes
    to argparse: cli_parser.py). A quick look at a file should not pay for argparse's start."""
    values: dict[str, object] = {"data_dir": None, "command": None, "file": None, "dry_run": False, "json": False}
    words = iter(argv)
    for arg in words:
        if values["command"] is None:
            folder = data_dir_word(arg, words) if values["data_dir"] is None else None
            if folder:
                values["data_dir"] = folder
            elif arg == "import" and folder is None:
                values["command"] = arg
            else:
                return None
        elif arg in ("--dry-run", "--json") and not values[arg[2:].replace("-", "_")]:
            values[arg[2:].replace("-", "_")] = True
        elif arg and not arg.startswith("-") and values["file"] is None:
            values["file"] = arg
        else:
            return None
    return SimpleNamespace(**values) if values["file"] is not None else None


def _own_command(argv: Sequence[str]) -> str | None:
    """The command of a plain `[--data-dir 文件夹] import …` line when it is one of cli.py's own;
    None for anything else (help, version, another module's command, a typo, an unknown option
    first), so that the whole parser answers it as before."""
    k = 0
    while k < len(argv):
        arg = argv[k]
        name = arg.split("=", 1)[0]
        if len(name) >= 3 and "--data-dir".startswith(name):  # argparse takes --data as well
            k += 1 if "=" in arg else 2
            continue
        return arg if arg in OWN_COMMANDS else None
    return None


def _print_json(data: object) -> None:
    import json

    out = json.dumps(data, ensure_ascii=False, indent=1)
    sys.stdout.buffer.write(out.encode("utf-8") + b"\n")
    sys.stdout.flush()


def _say(text: str) -> None:
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")


def _warn(text: str) -> None:
    sys.stderr.buffer.write(("提示：" + text + "\n").encode("utf-8"))
    sys.stderr.flush()


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


MSG_WAITING = ("数据文件正被另一个窗口占用（例如正在导入通知），正在等它写完后再保存……"
               "不必关闭那个窗口；按 Ctrl+C 可放弃这一步（不会写入）。")


def _tell_waiting() -> None:
    sys.stderr.buffer.write(("提示：" + MSG_WAITING + "\n").encode("utf-8"))
    sys.stderr.flush()


def _open_store(args):
    from gkdesk.store import Store
    from gkdesk.store.audit import CHANNEL_CLI

    store = Store.open(args.data_dir, channel=CHANNEL_CLI)
    # An open window must not lock the command line out (issue 14): its writes wait for the
    # window's transaction, not for the window to close, and say so once they wait a while.
    store.db.on_wait = _tell_waiting
    return store


def cmd_import(args) -> int:
    from gkdesk.importers import import_file

    try:
        result = import_file(args.file)
    except NoticeImportError as exc:
        return _fail(str(exc), EXIT_INPUT)
    payload = result.to_json() if args.json else {}
    if not args.dry_run:
        store = _open_store(args)
        try:
            if store.notices.revision_target(result) is not None:
                from gkdesk.store import backup

                backup.snapshot_quietly(store.directory)  # a revision replaces tasks: keep them first
            outcome = store.notices.save_import(result, who=store.settings.own_unit or "")
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
    from gkdesk.domain.units import group_kind
    from gkdesk.exporters.output import write_form
    from gkdesk.store.forms import completion_form, roster_form

    store = _open_store(args)
    try:
        nid = store.notices.find_notice(args.notice)
        if nid is None:
            return _no_notice(args.notice)
        known = not args.unit or store.units.resolve(args.unit, create=False) is not None
        if args.form == "completion":
            form = completion_form(store, nid, args.unit or None)
        else:
            form = roster_form(store, nid, args.unit)
        via = {v for t in store.notices.tasks_for_unit(nid, args.unit) for v in t.via} if args.unit else set()
    finally:
        store.close()
    if args.form == "completion" and args.unit and not form.rows:
        return _fail(f"通知中没有交办给“{args.unit}”的任务，未导出。请核对单位名称（可用 gkdesk-cli show 查看）。", EXIT_INPUT)
    if args.unit and not any(group_kind(v) is None for v in via):
        # Not named itself: say through which group words, so a misspelt name is noticed.
        groups = "、".join(sorted(via)) or "无"
        note = f"通知中没有点名“{args.unit}”"
        if args.form == "completion":
            note += f"，导出的是写给它所属统称（{groups}）的 {len(form.rows)} 项任务"
        if not known:
            note += f"；单位名单中也没有“{args.unit}”，未将它加入。如名称有误，请核对后重新导出"
        _warn(note + "。")
    try:
        written = write_form(form, args.output, args.format)
    except ImportError:
        return _fail("暂不支持导出 PDF（未安装 PySide6）。", EXIT_INPUT)
    except OSError as exc:
        return _fail(f"无法写入文件“{args.output}”：{exc.strerror or exc}", EXIT_INPUT)
    what = COMPLETION_LABEL + COMPLETION_FORM if args.form == "completion" else ROSTER_LABEL + ROSTER_FORM
    rows = len(form.rows) if args.form == "completion" else sum(len(r) for _, r in form.blocks)
    pages = f"，{written.pages} 页" if written.pages else ""
    _say(f"已导出{what}（{form.unit or '整份通知'}，{rows} 行{pages}）：{args.output}")
    return 0


def _is_store_error(exc: BaseException) -> bool:
    """A StoreError can only come from a loaded store; a command that never opened one (import
    --dry-run) does not load it just to compare."""
    errors = sys.modules.get("gkdesk.store.errors")
    return errors is not None and isinstance(exc, errors.StoreError)


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = plain_import(argv)
    if args is None:
        from gkdesk.cli_parser import parser

        args = parser(_own_command(argv)).parse_args(argv)
    try:
        own = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "export": cmd_export}
        if args.command in own:
            return own[args.command](args)
        from gkdesk import cli_backup, cli_collect, cli_review

        if args.command in cli_backup.COMMANDS:  # they open the store (or not) themselves
            return cli_backup.COMMANDS[args.command](args, _say, _fail)

        # Collection and review commands take an open store and the CLI's ways of speaking.
        store_commands = {**cli_collect.COMMANDS, **cli_review.COMMANDS}
        if args.command in store_commands:
            store = _open_store(args)
            try:
                return store_commands[args.command](args, store, _say, _print_json, _fail)
            finally:
                store.close()
        raise AssertionError(f"no handler for {args.command}")  # argparse accepts only known commands
    except BrokenPipeError:
        # Output piped into `head`: the reader has gone; that is not an error.
        sys.stdout = None  # type: ignore[assignment]
        return 0
    except Exception as exc:
        paths = sys.modules.get("gkdesk.paths")  # loaded by whatever opened the folder
        if paths is not None and isinstance(exc, paths.DataDirError):
            return _fail(str(exc), EXIT_STORE)
        if not _is_store_error(exc):
            raise
        from gkdesk.store import recovery

        if recovery.is_damaged(exc) and args.command != "restore":
            # One line that names the newest backup that would restore, and the command to do it.
            from gkdesk import paths

            good = recovery.newest_good_backup(paths.data_dir(args.data_dir))
            return _fail(recovery.cli_advice(good, args.data_dir), EXIT_STORE)
        return _fail(str(exc), EXIT_STORE)
    except KeyboardInterrupt:
        # Ctrl+C, typically while waiting for a window's write (MSG_WAITING): every step is one
        # transaction, so the one being waited for wrote nothing.
        return _fail("已中断：正在进行的这一步没有写入。", 130)


if __name__ == "__main__":
    raise SystemExit(main())
