"""gkdesk-cli backup / restore (store/backup.py, store/restore.py). cli.py only registers them.

Neither needs the store open: backup copies it through SQLite's online backup API (a window may
keep working meanwhile), restore refuses while a window owns the data folder (folder_lock).
"""
from __future__ import annotations

from pathlib import Path

EXIT_INPUT = 2
EXIT_STORE = 3


def add_parsers(sub) -> None:
    b = sub.add_parser("backup", help="备份数据（数据库和佐证材料，一个 .zip 文件）")
    b.add_argument("--to", metavar="位置", help="备份文件或文件夹（默认：数据文件夹中的 backups/）")
    b.add_argument("--list", action="store_true", help="列出数据文件夹中已有的备份")
    r = sub.add_parser("restore", help="从备份文件恢复数据（恢复前先备份当前数据，可再恢复回来）")
    r.add_argument("file", metavar="备份文件", help="gkdesk-cli backup 或“备份数据…”生成的 .zip 文件")


def counts_text(info) -> str:
    from gkdesk.store.backup import COUNT_WORDS, COUNTED

    return "、".join(f"{COUNT_WORDS[k]} {info.counts.get(k, 0)}" for k in COUNTED)


def cmd_backup(args, say, fail) -> int:
    from gkdesk import paths
    from gkdesk.store import backup

    folder = paths.data_dir(args.data_dir)
    if args.list:
        found = backup.list_backups(folder)
        if not found:
            say(f"数据文件夹中还没有备份（{backup.backup_dir(folder)}）。")
        for b in found:
            say(f"{b.describe()}  {b.path.name}")
        return 0
    info = backup.make_backup(folder, to=args.to)
    say(f"已备份到 {info.path}（{counts_text(info)}，{backup.size_text(info.size)}）。")
    return 0


def cmd_restore(args, say, fail) -> int:
    from gkdesk import folder_lock, paths
    from gkdesk.store import backup
    from gkdesk.store.restore import restore_backup

    folder = paths.data_dir(args.data_dir)
    lock = folder_lock.FolderLock(folder, purpose=folder_lock.PURPOSE_RESTORE)
    holder = lock.acquire()
    if holder is not None:
        return fail(f"{holder.describe()}正在使用这个数据文件夹，请先关闭它再恢复。", EXIT_STORE)
    try:
        result = restore_backup(folder, Path(args.file))
    finally:
        lock.release()
    info = result.restored
    say(f"已从备份恢复：{info.path.name}（{info.created_at[:16]} 的数据：{counts_text(info)}）。")
    if result.kept is not None:
        say(f"恢复前的数据已另存为 {result.kept.path}；如需撤销这次恢复，可运行 gkdesk-cli restore \"{result.kept.path}\"。")
    elif result.damaged_copy is not None:
        say(f"恢复前的数据文件无法读取，已原样另存为 {result.damaged_copy}。")
    return 0


COMMANDS = {"backup": cmd_backup, "restore": cmd_restore}
