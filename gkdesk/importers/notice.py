"""import_file / import_text: any notice → ImportResult. Nothing here touches the store."""
from __future__ import annotations

from pathlib import Path

from collections.abc import Callable

from gkdesk.domain.model import ImportCancelled, ImportResult, NoticeImportError

# CPython's own SHA-256, the one hashlib falls back to: importing hashlib initialises OpenSSL
# (12M instructions, a third of reading a notice page) to hash a file of a few hundred KB.
# The same digest (tests/test_cli_dry_run_import.py); hashlib where neither module is built.
try:
    from _sha256 import sha256  # Python 3.11
except ImportError:
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        from hashlib import sha256

# progress(percent, what) → False to cancel. Called between stages, from the importing thread.
Progress = Callable[[int, str], bool]

from .grid import Grid, compact
from .metadata import read_notice
from .roster import is_roster_grid, read_roster
from .table_reader import read_task_table
from .tree_check import doubt_tree

MSG_NO_STRUCTURE = "未在文件中找到任务分工表，也没有“一、”“（一）”这样的条目，无法导入。"
MSG_NO_HEADER = "找到了表格，但无法识别表头（如“贯彻举措”“牵头单位”“责任单位”），无法导入。"


def _step(progress: Progress | None, percent: int, what: str) -> None:
    if progress is not None and progress(percent, what) is False:
        raise ImportCancelled()


def build_result(body: list[str], grids: list[Grid], fmt: str, progress: Progress | None = None) -> ImportResult:
    """Shared by every format: metadata from the body, the task tree from the first task table."""
    _step(progress, 50, "识别通知信息")
    notice = read_notice(body)
    result = ImportResult(notice=notice, source_format=fmt)
    task_tables = []
    for k, g in enumerate(grids):
        _step(progress, 60 + 30 * k // max(1, len(grids)), f"分析第 {k + 1} 张表格")
        if is_roster_grid(g):
            if result.roster is None:
                result.roster = read_roster(g)
            continue
        t = read_task_table(g, notice.year)
        if t is not None:
            task_tables.append((g, t))
    if task_tables:
        g, first = task_tables[0]
        result.columns = first.columns
        result.sections = first.sections
        result.warnings.extend(first.warnings)
        notice.table_title = _table_title(g.caption, notice.attachments)
        for g2, extra in task_tables[1:]:
            # A table broken in two (by a page of text between) continues the same tree.
            if [c.role for c in extra.columns] == [c.role for c in first.columns]:
                _append(result, extra)
                result.warnings.extend(extra.warnings)
            else:
                result.warnings.append(f"{g2.name}与第一张任务表的列不同，未导入。")
        used = [g] + [g2 for g2, extra in task_tables[1:] if [c.role for c in extra.columns] == [c.role for c in first.columns]]
        doubt_tree(result, used)
    else:
        from .prose import read_prose  # a notice without a task table: rarer, and only then

        sections = read_prose(body, notice.year)
        if not sections:
            raise NoticeImportError(MSG_NO_HEADER if grids and not all(is_roster_grid(g) for g in grids) else MSG_NO_STRUCTURE)
        result.sections = sections
        result.source_format = "prose" if fmt in ("text", "docx") else fmt
        if not any(t.lead or t.responsible for t in result.tasks()):
            result.warnings.append("未找到任务分工表，已按“一、”“（一）”段落导入，各项任务没有牵头和责任单位。")
        else:
            result.warnings.append("未找到任务分工表，已按“一、”“（一）”段落和其后的“牵头单位：”“责任单位：”等文字导入。")
        if notice.attachments:
            notice.table_title = notice.attachments[0]
    if not notice.doc_number:
        result.warnings.append("未找到发文字号。")
    if not notice.title:
        result.warnings.append("未找到通知标题。")
    return result


def _table_title(caption: list[str], attachments: list[str]) -> str:
    """The title printed above the task table (it may run over two lines)."""
    lines = [compact(c) for c in caption if compact(c) and not compact(c).startswith("附件")]
    for n in (2, 1, 3):
        t = "".join(lines[-n:])
        if any(t == compact(a) or compact(a).endswith(t) for a in attachments):
            return t
    if lines and ("任务" in lines[-1] or "要点" in lines[-1] or "清单" in lines[-1]):
        joined = "".join(lines[-2:]) if len(lines) >= 2 and len(lines[-1]) < 16 else lines[-1]
        return joined
    return attachments[0] if attachments else ""


def _append(result: ImportResult, extra) -> None:
    by_title = {s.title: s for s in result.sections}
    for s in extra.sections:
        if s.title in by_title:
            by_title[s.title].subsections.extend(s.subsections)
        else:
            result.sections.append(s)


def sha256_file(path: Path) -> str:
    h = sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def import_text(text: str, name: str = "粘贴的文本", progress: Progress | None = None) -> ImportResult:
    """Text pasted from the clipboard or read from a .txt file."""
    from .text_pipe import is_pipe_text, parse_pipe_text
    from .text_tab import parse_tab_text

    if not text or not text.strip():
        raise NoticeImportError("文本为空。")
    _step(progress, 20, "拆分表格")
    if is_pipe_text(text):
        body, grids = parse_pipe_text(text)
        fmt = "pipe"
    else:
        body, grids = parse_tab_text(text)
        fmt = "text"
    result = build_result(body, grids, fmt, progress)
    result.source_name = name
    result.source_sha256 = sha256(text.encode("utf-8")).hexdigest()
    return result


def import_html(html: str, name: str = "粘贴的网页", progress: Progress | None = None) -> ImportResult:
    """A web page's HTML (a saved page, or the HTML flavour of the clipboard)."""
    from .html_reader import read_html

    _step(progress, 20, "解析网页")
    body, grids = read_html(html)
    result = build_result(body, grids, "html", progress)
    result.source_name = name
    result.source_sha256 = sha256(html.encode("utf-8")).hexdigest()
    return result


def import_file(path: str | Path, progress: Progress | None = None) -> ImportResult:
    """Read a notice file of any supported kind. Raises NoticeImportError with a Chinese message;
    ImportCancelled when ``progress`` returns False."""
    from .sniffing import check_file
    from .text_decoding import read_bytes, read_text

    path = Path(path)
    _step(progress, 5, "检查文件")
    kind = check_file(path)
    if kind in ("doc", "wps", "xls", "et"):
        from .libreoffice import converted

        _step(progress, 10, "用 LibreOffice 转换文件格式")
        with converted(path) as copy:
            result = import_file(copy, progress)
        result.source_format = kind
    elif kind == "docx":
        from .docx_reader import read_docx

        _step(progress, 15, "读取 Word 文件")
        result = build_result(*read_docx(path), "docx", progress)
    elif kind == "xlsx":
        from .xlsx_reader import read_xlsx

        _step(progress, 15, "读取 Excel 文件")
        result = build_result(*read_xlsx(path), "xlsx", progress)
    elif kind == "text":
        _step(progress, 10, "读取文本")
        result = import_text(read_text(path), path.name, progress)
    elif kind in ("html", "mht"):
        from .html_reader import decode_html, mht_to_html

        _step(progress, 10, "读取网页")
        data = read_bytes(path)
        result = import_html(mht_to_html(data) if kind == "mht" else decode_html(data), path.name, progress)
    else:
        raise NoticeImportError(f"暂不支持导入此类文件（{path.suffix or kind}）。")
    if kind in ("docx", "xlsx") and path.suffix.lower() not in (f".{kind}", f".{kind[:-1]}m"):
        from .file_messages import msg_renamed

        result.warnings.insert(0, msg_renamed(path, kind))
    result.source_name = path.name
    result.source_sha256 = sha256_file(path)
    _step(progress, 100, "完成")
    return result
