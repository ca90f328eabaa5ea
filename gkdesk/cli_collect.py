"""gkdesk-cli commands for collection between units: units, sheets, collect, status, receive, reply.

They print what the desk shows (Chinese lines, or --json) and share gkdesk.collection_ops with it.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

EXIT_INPUT = 2


def add_parsers(sub) -> None:
    u = sub.add_parser("units", help="单位名单：导入（手工、粘贴或通讯录表格）与查看")
    u.add_argument("--load", metavar="文件", help="从 .txt/.xlsx/.xls/.et/.docx 读取单位名单（通讯录、人员名单均可）")
    u.add_argument("--text", metavar="名单", help="直接给出名单，每行一个单位，可在 Tab 或冒号后写类别（镇街/部门）")
    u.add_argument("--replace", action="store_true", help="用新名单替换原名单（默认：追加）")
    u.add_argument("--remove", metavar="单位", help="从名单中删除一个单位")
    u.add_argument("--notice", help="只列出这份通知涉及的单位（通知编号或发文字号）")
    u.add_argument("--json", action="store_true", help="以 JSON 输出")

    s = sub.add_parser("sheets", help="生成填报表：每个单位一份 .xlsx")
    s.add_argument("--notice", required=True, help="通知编号或发文字号")
    s.add_argument("-o", "--output", required=True, metavar="文件夹", help="填报表保存到的文件夹")
    s.add_argument("--collector", help="汇总单位（默认：设置中的本单位）")
    pick = s.add_mutually_exclusive_group()
    pick.add_argument("--units", help="指定单位，用“、”或逗号分隔")
    pick.add_argument("--group", help="某一类单位，如 各镇街、区政府各部门")
    s.add_argument("--only-led", action="store_true", help="牵头单位汇总：只含本单位牵头的任务")
    s.add_argument("--due", help="报送时限 YYYY-MM-DD（默认：通知中的报送时限）")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")

    c = sub.add_parser("collect", help="导入回执（填报表或填好的附件1表格），可给出多个文件或文件夹")
    c.add_argument("files", nargs="*", metavar="文件")
    c.add_argument("--notice", help="附件1表格属于哪份通知（默认：自动识别）")
    rule = c.add_mutually_exclusive_group()
    rule.add_argument("--theirs", action="store_true", help="与已有内容不同时一律采用回执的内容")
    rule.add_argument("--ours", action="store_true", help="与已有内容不同时一律保留已有内容")
    c.add_argument("--resolve", action="append", default=[], metavar="编号=theirs|ours",
                   help="处理已列出的冲突，如 --resolve 12=theirs（可多次）")
    c.add_argument("--min-confidence", type=float, help="附件1表格的行与任务对应的最低把握（0–1，默认 0.75）")
    c.add_argument("--dry-run", action="store_true", help="只检查并列出将导入的内容（含附件1表格各行对应的任务及把握），不保存")
    c.add_argument("--history", action="store_true", help="列出已导入的回执（含编号，可用 --undo 撤销）")
    c.add_argument("--undo", type=int, metavar="回执编号", help="撤销一次导入回执（恢复导入前的内容）")
    c.add_argument("--json", action="store_true", help="以 JSON 输出")

    st = sub.add_parser("status", help="报送情况与催报名单")
    st.add_argument("--notice", required=True, help="通知编号或发文字号")
    st.add_argument("--chase", action="store_true", help="只输出催报名单（可复制到消息或打印）")
    st.add_argument("--roster", action="store_true", help="附件2人员名单的报送情况（按单位名单中本通知涉及的单位）")
    st.add_argument("--json", action="store_true", help="以 JSON 输出")

    rv = sub.add_parser("receive", help="收下上级下发的填报表（之后可用 reply 导出本单位的回执）")
    rv.add_argument("file")
    rp = sub.add_parser("reply", help="导出本单位对收到的填报表的回执（同一格式）")
    rp.add_argument("received", type=int, nargs="?", help="收到的填报表编号（默认：最近一份）")
    rp.add_argument("-o", "--output", required=True, metavar="文件夹")


def _names(text: str) -> list[str]:
    from gkdesk.domain.units import split_units

    return split_units(text.replace(",", "、"))


def cmd_units(args, store, say, print_json, fail) -> int:
    if args.load or args.text:
        if args.load:
            from gkdesk.domain.model import NoticeImportError
            from gkdesk.importers.unit_list_reader import read_unit_list

            try:
                units, problems = read_unit_list(args.load)
            except NoticeImportError as exc:
                return fail(str(exc), EXIT_INPUT)
            source = Path(args.load).name
        else:
            from gkdesk.domain.unit_list import parse_unit_list

            units, problems = parse_unit_list(args.text)
            source = "粘贴"
        counts = store.unit_list.load(units, source=source, replace=args.replace, who="命令行")
        for p in problems:
            say("提示：" + p)
        say(f"单位名单：新增 {counts['added']} 个，更新 {counts['updated']} 个"
            + (f"，移除 {counts['removed']} 个" if counts["removed"] else "") + "。")
    if args.remove:
        say(("已从名单中删除：" if store.unit_list.remove(args.remove, who="命令行") else "名单中没有：") + args.remove)
    if args.notice:
        nid = store.notices.find_notice(args.notice)
        if nid is None:
            return fail(f"找不到通知“{args.notice}”。", EXIT_INPUT)
        reached = store.unit_list.reached(nid)
        if args.json:
            print_json([{"unit": r.unit.name, "groups": sorted(r.unit.groups), "lead": r.lead,
                         "responsible": r.responsible, "via": list(r.via)} for r in reached])
            return 0
        say(f"本通知涉及名单中的 {len(reached)} 个单位：")
        for r in reached:
            say(f"  {r.unit.name}　牵头 {r.lead} 项、责任 {r.responsible} 项　（{'、'.join(r.via)}）")
        return 0
    units = store.unit_list.list_units()
    if args.json:
        print_json([{"unit": u.name, "groups": sorted(u.groups)} for u in units])
    elif not (args.load or args.text or args.remove):
        if not units:
            say("单位名单为空。用 gkdesk-cli units --load 通讯录.xlsx 或 --text 导入。")
        for i, u in enumerate(units, 1):
            say(f"{i:>4}  {u.name}　{u.group_words}")
    return 0


def cmd_sheets(args, store, say, print_json, fail) -> int:
    from gkdesk import collection_ops as ops

    nid = store.notices.find_notice(args.notice)
    if nid is None:
        return fail(f"找不到通知“{args.notice}”。", EXIT_INPUT)
    collector = args.collector or store.settings.own_unit
    if not collector:
        return fail("请用 --collector 指定汇总单位（或在设置中填写本单位）。", EXIT_INPUT)
    reached = [r.unit.name for r in store.unit_list.reached(nid, collector if args.only_led else None, collector=collector)]
    if args.units:
        units = _names(args.units)
    elif args.group:
        wanted = {u.name for u in store.unit_list.members(args.group)}
        units = [u for u in reached if u in wanted]
    else:
        units = reached
    if not units:
        return fail("没有可发放填报表的单位：请先用 gkdesk-cli units 导入单位名单。", EXIT_INPUT)
    due = None
    if args.due:
        try:
            due = date.fromisoformat(args.due)
        except ValueError:
            return fail(f"报送时限“{args.due}”不是 YYYY-MM-DD 格式的日期。", EXIT_INPUT)
    from gkdesk.store import StoreError

    try:
        rnd, paths = ops.hand_out(store, nid, units, args.output, collector, only_led=args.only_led,
                                  report_due=due, who="命令行")
    except StoreError as exc:
        if exc.kind != "invalid":
            raise
        return fail(str(exc), EXIT_INPUT)
    except OSError as exc:
        return fail(f"无法写入文件夹“{args.output}”：{exc.strerror or exc}", EXIT_INPUT)
    if args.json:
        print_json({"round": rnd.number, "round_id": rnd.id, "collector": collector,
                    "report_due": rnd.report_due.isoformat() if rnd.report_due else None,
                    "files": [str(p) for p in paths]})
        return 0
    say(f"已生成第 {rnd.number} 轮填报表 {len(paths)} 份（汇总单位：{collector}）：")
    for p in paths:
        say(f"  {p}")
    return 0


def cmd_collect(args, store, say, print_json, fail) -> int:
    from gkdesk import collection_ops as ops

    if args.history:
        nid = store.notices.find_notice(args.notice) if args.notice else None
        items = store.merge.history(nid)
        if args.json:
            print_json(items)
        elif not items:
            say("还没有导入过回执。")
        for it in [] if args.json else items:
            extra = f"，{it['open_conflicts']} 处待选择" if it["open_conflicts"] else ""
            say(f"{it['id']:>4}  {it['taken_at']}  {it['unit']}  {it['file_name']}  填报 {it['rows_filled']} 项、"
                f"写入 {it['changed']} 处{extra}")
        return 0
    if args.undo is not None:
        from gkdesk.store import StoreError

        from gkdesk.store import backup

        backup.snapshot_quietly(store.directory)  # a take-back undone rewrites completions: keep them first
        try:
            store.merge.undo_take_back(args.undo, who="命令行")
        except StoreError as exc:
            if exc.kind not in ("conflict", "not_found"):
                raise
            return fail(str(exc), EXIT_INPUT)
        say(f"已撤销导入回执（编号 {args.undo}），恢复到导入前的内容。")
        return 0
    if args.resolve:
        by_return: dict[int, dict[int, str]] = {}
        for item in args.resolve:
            cid, _, choice = item.partition("=")
            if not cid.strip().isdigit() or choice not in ("theirs", "ours"):
                return fail(f"“{item}”的格式应为 编号=theirs 或 编号=ours。", EXIT_INPUT)
            rid = store.db.scalar("SELECT return_id FROM collection_conflicts WHERE id = ?", (int(cid),))
            if rid is None:
                return fail(f"没有编号为 {cid} 的冲突。", EXIT_INPUT)
            by_return.setdefault(int(rid), {})[int(cid)] = choice
        for rid, choices in by_return.items():
            store.merge.resolve(rid, choices, who="命令行")
        say(f"已处理 {sum(len(c) for c in by_return.values())} 处冲突。")
        if not args.files:
            return 0
    if not args.files:
        return fail("请给出回执文件或文件夹。", EXIT_INPUT)
    nid = None
    if args.notice:
        nid = store.notices.find_notice(args.notice)
        if nid is None:
            return fail(f"找不到通知“{args.notice}”。", EXIT_INPUT)
    if not args.dry_run:
        from gkdesk.store import backup

        backup.snapshot_quietly(store.directory)  # returns merged into completions: keep them first
    outcomes = ops.take_back_files(store, args.files, notice_id=nid, who="命令行", min_confidence=args.min_confidence,
                                   dry_run=args.dry_run)
    rule = None if args.dry_run else "theirs" if args.theirs else "ours" if args.ours else None
    if rule:
        for o in outcomes:
            open_ = [c for c in o.conflicts if c.resolution is None]
            if open_:
                store.merge.resolve(o.return_id, {c.id: rule for c in open_}, who="命令行")
                for c in open_:
                    c.resolution = rule
    if args.json:
        print_json([o.to_json() for o in outcomes])
    else:
        for o in outcomes:
            say(("  " if o.status != "refused" else "× ") + o.message + (f"（回执编号 {o.return_id}）" if o.return_id else ""))
            for p in o.problems[1:]:
                say(f"      {p}")
            for n in o.notes:
                say(f"      提示：{n}")
            for row, task, conf in o.matches if args.dry_run else []:
                say(f"      第{row}行 → “{task}…”（把握 {conf:.0%}）")
            for row, task, conf in o.low_confidence:
                say(f"      第{row}行对应“{task}…”的把握只有 {conf:.0%}，未导入；核对后可用 --min-confidence 降低要求")
            for c in o.conflicts:
                done = {"theirs": "已采用回执", "ours": "已保留原有"}.get(c.resolution or "", "待选择")
                say(f"      {'不同' if args.dry_run else '冲突 ' + str(c.id)}（{done}）：{c.task}… 【{c.label}】 原有：{c.ours[:40]} ｜ 回执：{c.theirs[:40]}")
        taken = sum(1 for o in outcomes if o.status in ("taken", "preview"))
        refused = sum(1 for o in outcomes if o.status == "refused")
        verb = "可导入" if args.dry_run else "导入"
        say(f"共 {len(outcomes)} 个文件：{verb} {taken} 个，未导入 {refused} 个，其余与已导入的相同。"
            + ("（试运行，未保存）" if args.dry_run else ""))
        if not args.dry_run and any(c.resolution is None for o in outcomes for c in o.conflicts):
            say("有内容与已有的不同：用 --resolve 编号=theirs（采用回执）或 编号=ours（保留原有）处理。")
    return EXIT_INPUT if outcomes and all(o.status == "refused" for o in outcomes) else 0


def cmd_status(args, store, say, print_json, fail) -> int:
    nid = store.notices.find_notice(args.notice)
    if nid is None:
        return fail(f"找不到通知“{args.notice}”。", EXIT_INPUT)
    if args.roster:
        status = store.collection.roster_status(nid)
    else:
        rnd = store.collection.latest_round(nid)
        if rnd is None:
            return fail("这份通知还没有发放过填报表。用 gkdesk-cli sheets 生成。", EXIT_INPUT)
        status = store.collection.status(rnd.id)
    if args.json:
        print_json(status.to_json())
    elif args.chase:
        say(status.chase_text())
    else:
        for line in status.lines():
            say(line)
        if status.missing():
            say("")
            say(status.chase_text())
    return 0


def cmd_receive(args, store, say, print_json, fail) -> int:
    from gkdesk import collection_ops as ops
    from gkdesk.domain.collection import ReturnError

    try:
        rid = ops.receive_sheet(store, args.file, who="命令行")
    except ReturnError as exc:
        return fail(str(exc), EXIT_INPUT)
    say(f"已收下填报表（编号 {rid}）。填写后用 gkdesk-cli reply {rid} -o 文件夹 导出回执。")
    return 0


def cmd_reply(args, store, say, print_json, fail) -> int:
    from gkdesk import collection_ops as ops

    rid = ops.pick_received(store, args.received)
    if rid is None or not store.received.list_received():
        return fail("还没有收到过填报表。先用 gkdesk-cli receive 文件 收下。", EXIT_INPUT)
    path = ops.export_return(store, rid, args.output)
    say(f"已导出回执：{path}")
    return 0


COMMANDS = {"units": cmd_units, "sheets": cmd_sheets, "collect": cmd_collect, "status": cmd_status,
            "receive": cmd_receive, "reply": cmd_reply}


__all__ = ["COMMANDS", "add_parsers"]
