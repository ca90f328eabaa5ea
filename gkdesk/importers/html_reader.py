"""A government web page (saved .html/.htm, .mht, or HTML from the clipboard) as body lines and grids.

rowspan/colspan become merged_above/merged_left exactly as w:vMerge/w:gridSpan do, so the one
table reader sees the page's true structure. Scripts and styles are dropped unread; nothing is
fetched (lxml's HTML parser never loads external resources). Walks are iterative, so deeply
nested markup cannot exhaust Python's recursion, and spans are clamped.
"""
from __future__ import annotations

import re

from gkdesk.domain.model import NoticeImportError
from gkdesk.lazy_re import lazy_compile

from .grid import Cell, Grid, check_cells, clean_cell_text

MSG_BAD_HTML = "网页内容无法解析，请在浏览器中重新“另存为”网页（.html）后再导入，或复制表格后用“粘贴导入”。"
MSG_BAD_MHT = "无法读取 .mht 文件中的网页内容，请在浏览器中把网页另存为 .html 后再导入。"
_META_CHARSET = lazy_compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_BLOCK = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
          "header", "footer", "blockquote", "pre", "ul", "ol", "dd", "dt", "center"}
_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "head", "svg", "canvas"}
_MAX_SPAN = 1000
_MAX_ROWS = 50_000


def _codec(name: str) -> str:
    n = name.lower().replace("_", "-")
    if n in ("gb2312", "gbk", "gb-2312", "x-gbk", "cp936", "gb18030", "euc-cn"):
        return "gb18030"  # a superset: pages labelled GB2312 often hold GBK characters
    return n


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Bytes → text honouring a BOM, the declared charset, then <meta charset>, then UTF-8/GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    candidates = []
    if declared:
        candidates.append(_codec(declared))
    m = _META_CHARSET.search(data[:8192])
    if m:
        candidates.append(_codec(m.group(1).decode("ascii", "ignore")))
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def mht_to_html(data: bytes) -> str:
    """The first text/html part of a MIME web archive, its transfer encoding undone."""
    # Imported here: email.policy pulls in much of the email package, and only .mht needs it.
    import email
    import email.policy

    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as exc:  # noqa: BLE001 - any malformed archive is the same problem for the clerk
        raise NoticeImportError(MSG_BAD_MHT) from exc
    for part in msg.walk() if msg.is_multipart() else [msg]:
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if payload:
                return decode_html(payload, part.get_content_charset())
    raise NoticeImportError(MSG_BAD_MHT)


def _parse(text: str):
    from lxml import etree, html

    if text.lstrip().startswith("<?xml"):  # lxml refuses an encoding declaration in str input
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise NoticeImportError("网页是空的。")
    try:
        parser = html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise NoticeImportError(MSG_BAD_HTML) from exc
    for el in list(root.iter(*_DROP)):
        if el.getparent() is not None:
            el.getparent().remove(el)
    return root


def _text_lines(el) -> str:
    """Text of an element with <br>, <p> and other blocks as line breaks (iterative walk)."""
    if not len(el):  # most table cells: text only
        return el.text.replace("\xa0", " ") if el.text else ""
    from lxml import etree

    # iterwalk (lxml's own loop) meets elements only: _parse has removed comments and processing
    # instructions, whose tails it would skip.
    out: list[str] = [el.text] if el.text else []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if node is el:
            continue
        if event == "end":
            if node.tail:
                out.append(node.tail)
            continue
        if node.tag.lower() in _BLOCK:
            out.append("\n")
        if node.text:
            out.append(node.text)
    return "".join(out).replace("\xa0", " ")


def _own_rows(table) -> list:
    """The rows of this table, not of tables nested in its cells."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]


def _table_grid(table, name: str, caption: list[str]) -> Grid:
    rows_el = _own_rows(table)[:_MAX_ROWS]
    n_rows = len(rows_el)
    grid: list[list[Cell | None]] = []
    pending: dict[int, tuple[Cell, int]] = {}  # column → (top cell, rows still to cover)
    cells = 0
    for r, tr in enumerate(rows_el):
        row: list[Cell | None] = []
        col = 0

        def fill_pending() -> None:
            nonlocal col
            while col in pending:
                top, left = pending[col]
                row.append(Cell(top.text, merged_above=True, merged_left=top.merged_left))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (top, left - 1)
                col += 1

        for td in tr.iterchildren("td", "th"):  # lxml's HTML parser writes tag names in lower case
            if col in pending:
                fill_pending()
            text = clean_cell_text(_text_lines(td))
            cspan = _span(td.get("colspan"))
            # A rowspan never reaches past the table's last row, however large it claims to be.
            rspan = min(_span(td.get("rowspan"), n_rows), n_rows - r)
            # Every cell the span will make, rows below included, counts now: colspan=1000
            # rowspan=50000 once took 6.2 GB before the old per-row count noticed.
            cells += cspan * rspan
            check_cells(cells)
            for k in range(cspan):
                c = Cell(text, merged_left=k > 0)
                row.append(c)
                if rspan > 1:
                    pending[col] = (c, rspan - 1)
                col += 1
        fill_pending()
        for extra in sorted(k for k in pending if k >= col):
            while col < extra:
                row.append(Cell())
                col += 1
            fill_pending()
        grid.append(row)
    return Grid(rows=[[c or Cell() for c in r] for r in grid], explicit_merges=True, name=name, caption=caption)


def _span(value, limit: int = _MAX_SPAN) -> int:
    if value is None:
        return 1  # most cells: no attribute, and no exception to raise and catch
    try:
        return min(max(1, int(str(value).strip())), limit)
    except (TypeError, ValueError):
        return 1


def read_html(text: str) -> tuple[list[str], list[Grid]]:
    """(body lines outside the tables, table grids) of a web page."""
    root = _parse(text)
    tables = list(root.iter("table"))
    grids: list[Grid] = []
    # Only innermost tables hold data; outer ones are page layout.
    leaf = [t for t in tables if not any(True for _ in t.iterdescendants("table"))]
    # Data tables, as against small metadata tables (索引号/发文字号 boxes) whose text holds the
    # notice's facts: their rows are neither body text nor the caption of the table after them
    # (as in a .docx, where a table's caption is the paragraphs above it).
    data_tables = [t for t in leaf if len(_own_rows(t)) > 8]
    lines_before: dict[int, list[str]] = {}
    for k, t in enumerate(leaf, 1):
        cap = []
        prev = t.getprevious()
        while prev is not None and len(cap) < 4:
            if not any(prev is d for d in data_tables):
                s = clean_cell_text(_text_lines(prev)).replace("\n", "")
                if s:
                    cap.insert(0, s)
            prev = prev.getprevious()
        lines_before[k] = cap
        grids.append(_table_grid(t, f"表{k}", cap))
    body_root = root.find("body")
    if body_root is None:
        body_root = root
    for t in data_tables:
        if t.getparent() is not None:
            t.drop_tree()
    body = [ln.strip() for ln in _text_lines(body_root).split("\n")]
    return [b for b in body if b], grids
