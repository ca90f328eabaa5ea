"""gkdesk-cli commands for 审核 and 汇总: review (通过 / 退回 with a reason, side by side, history)
and summary (a table, --json, and the exports .xlsx / .docx / .pdf). cli.py only registers them.
"""
from __future__ import annotations


EXIT_INPUT = 2


def add_parsers(sub) -> None:
    r = sub.add_parser("review", help="审核各单位的落实情况：通过或退回（写明原因），查看审核记录")
    r.add_argument("--notice", required=True, help="通知编号或发文字号")
    which = r.add_mutually_exclusive_group(required=True)
    which.add_argument("--item", type=int, metavar="N", help="第N项任务（按通知中的顺序，与汇总中的事项序号相同）")
    which.add_argument("--task", type=int, metavar="编号", help="任务编号")
    r.add_argument("--unit", help="责任单位（给出 --pass 或 --back 时必填）")
    verdict = r.add_mutually_exclusive_group()
    verdict.add_argument("--pass", dest="passed", action="store_true", help="审核通过")
    verdict.add_argument("--back", metavar="原因", help="退回，并写明退回原因（下一轮填报表中会附上）")
    r.add_argument("--history", action="store_true", help="显示这项任务的审核记录")
    r.add_argument("--reviewer", help="审核单位（默认：设置中的本单位）")
    r.add_argument("--json", action="store_true", help="以 JSON 输出")

    s = sub.add_parser("summary", help="汇总：各单位、各部分完成情况，逾期事项，排名和通报；可导出")
    s.add_argument("--notice", required=True, help="通知编号或发文字号")
    s.add_argument("--collector", help="只统计这个汇总单位发放的填报表（默认：设置中的本单位；写“全部”不限）")
    s.add_argument("--format", choices=("xlsx", "docx", "pdf"), help="导出格式：xlsx（含图表）/docx（汇总报告）/pdf")
    s.add_argument("-o", "--output", metavar="文件", help="导出到的文件")
    s.add_argument("--json", action="store_true", help="以 JSON 输出")


def _task_id(args, store, nid: int) -> int | None:
    if args.task is not None:
        return args.task if store.reviews.task_number(args.task, nid) else None
    return store.reviews.task_by_item(nid, args.item)


def cmd_review(args, store, say, print_json, fail) -> int:
    from gkdesk.domain.review import PASSED, RETURNED, ReviewError, warning_label

    nid = store.notices.find_notice(args.notice)
    if nid is None:
        return fail(f"找不到通知“{args.notice}”。", EXIT_INPUT)
    task_id = _task_id(args, store, nid)
    if task_id is None:
        what = f"第{args.item}项任务" if args.item is not None else f"编号为 {args.task} 的任务"
        return fail(f"这份通知没有{what}。", EXIT_INPUT)
    number = store.reviews.task_number(task_id)
    if args.passed or args.back is not None:
        if not args.unit:
            return fail("请用 --unit 指定要审核的责任单位。", EXIT_INPUT)
        try:
            review = store.reviews.set_review(task_id, args.unit, PASSED if args.passed else RETURNED,
                                              args.back or "", who="命令行", reviewer=args.reviewer)
        except ReviewError as exc:
            return fail(str(exc), EXIT_INPUT)
        if args.json:
            print_json(review.__dict__)
        else:
            why = f"，退回原因：{review.reason}" if review.state == RETURNED else ""
            say(f"第{number}项　{review.unit}：{review.state}{why}。")
        return 0
    if args.history:
        changes = store.reviews.history(task_id, args.unit)
        if args.json:
            print_json([c.__dict__ for c in changes])
            return 0
        if not changes:
            say(f"第{number}项还没有审核记录。")
        for c in changes:
            why = f"　原因：{c.reason}" if c.reason else ""
            say(f"{c.at}　{c.who or '—'}　{c.unit}　{c.from_state} → {c.to_state}（{c.cause}）{why}")
        return 0
    entries = store.reviews.entries(task_id)
    if args.unit:
        entries = [e for e in entries if e.unit == args.unit]
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    say(f"第{number}项：{store.reviews.task_text(task_id)}")
    if not entries:
        say("  还没有单位的落实情况。")
    for e in entries:
        state = e.state + (f"（{e.reason}）" if e.reason else "")
        say(f"  【{e.unit}】{state}　状态：{e.status}　{warning_label(e.warning)}"
            + (f"　完成时间：{e.completed_on}" if e.completed_on else ""))
        say(f"      {e.text or '（未填写）'}")
        if e.links:
            say("      公开路径：" + "；".join(e.links))
        if e.evidence:
            say("      佐证材料：" + "、".join(e.evidence))
        if e.open_conflicts:
            say(f"      有 {e.open_conflicts} 处回执内容与已有内容不同，待选择（gkdesk-cli collect --resolve）")
    return 0


def _table(rows, first: str, say) -> None:
    say(f"  {'序号':<3} {first:<16} 事项 已报送 通过 退回 待审核 未填报 逾期 完成率")
    for i, r in enumerate(rows, 1):
        say(f"  {i:<5} {r.name:<16} {r.tasks:>4} {r.reported:>5} {r.passed:>4} {r.sent_back:>4} {r.pending:>5} "
            f"{r.empty:>5} {r.overdue:>4} {r.rate:>5}%")


def cmd_summary(args, store, say, print_json, fail) -> int:
    from gkdesk import summary_ops

    nid = store.notices.find_notice(args.notice)
    if nid is None:
        return fail(f"找不到通知“{args.notice}”。", EXIT_INPUT)
    collector = None if args.collector == "全部" else (args.collector or store.settings.own_unit or None)
    summary = summary_ops.summary_of(store, nid, collector)
    if args.format or args.output:
        if not (args.format and args.output):
            return fail("导出时请同时给出 --format 和 -o 文件。", EXIT_INPUT)
        try:
            path = summary_ops.export_summary(summary, args.format, args.output)
        except OSError as exc:
            return fail(f"无法写入文件“{args.output}”：{exc.strerror or exc}", EXIT_INPUT)
        what = {"xlsx": "汇总表（含图表）", "docx": "汇总报告", "pdf": "汇总报告 PDF"}[args.format]
        say(f"已导出{what}（{len(summary.units)} 个单位，{summary.task_count} 项任务）：{path}")
        return 0
    if args.json:
        print_json(summary.to_json())
        return 0
    if not summary.units:
        say("这份通知还没有可汇总的落实情况：先用 gkdesk-cli sheets 发放填报表、collect 导入回执。")
        return 0
    say(summary.briefing())
    say("")
    say("各单位：")
    _table([*summary.units, summary.total], "单位", say)
    say("各部分：")
    _table(summary.sections, "任务部分", say)
    if summary.overdue:
        say("逾期未办结：")
        for o in summary.overdue:
            say(f"  第{o.item_no}项　{o.unit}　完成时限 {o.due.isoformat()}　{o.status}　{o.task[:30]}")
    say("排名：" + "、".join(f"{i}. {u.name}（{u.rate}%）" for i, u in enumerate(summary.ranking(), 1)))
    return 0


COMMANDS = {"review": cmd_review, "summary": cmd_summary}


__all__ = ["COMMANDS", "add_parsers"]
