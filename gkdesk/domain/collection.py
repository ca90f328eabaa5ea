"""Collection between units: the identity a 填报表 carries and the plain data of sheets and returns.

A 填报表 travels by QQ mail and USB stick between PCs that share no database, so everything that
matches a return back is computed from the notice's own words, never from a row id:

* the notice key — a digest of the 发文字号 and title (stable across PCs and across a revised
  import that corrects a task's wording, so a round's sheets still belong to the notice);
* the task key — a digest of the task's own text (the store's `content_key`), with an occurrence
  suffix when a notice repeats the same text;
* unit and round (轮次) in plain words;
* a keyed digest (HMAC) over identity and the fixed texts of each row, with a secret that never
  leaves the collector's store: a unit can read the key column but cannot forge a digest after
  editing a locked task text.

No Qt, no I/O: exporters write these objects, importers read them back, the store merges them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gkdesk.domain.text_keys import content_key, normalize_text

FORMAT = "gkdesk-填报表"
FORMAT_VERSION = 1
IDENTITY_SHEET = "_gkdesk"
KEY_HEADER = "gkdesk:key"

# Columns the unit fills, in sheet order; the field each one goes to in a completion.
FILL_COLUMNS: tuple[tuple[str, str], ...] = (
    ("状态", "status"),
    ("完成情况", "text"),
    ("完成时间", "completed_on"),
    ("公开路径/链接", "links"),
    ("备注", "note"),
)
FILL_FIELDS = tuple(f for _, f in FILL_COLUMNS)
FIELD_LABELS = {f: h for h, f in FILL_COLUMNS}

# Confidence below which a row of a returned 附件1 table is shown but not merged.
MIN_CONFIDENCE = 0.75


def notice_key(doc_number: str, title: str, task_texts: list[str] | None = None) -> str:
    """Stable key of a notice on every PC: its 发文字号 and title (task texts when it has neither)."""
    basis = normalize_text(doc_number) + "\n" + normalize_text(title)
    if not basis.strip():
        basis = "\n".join(normalize_text(t) for t in task_texts or [])
    return "N" + hashlib.sha256(("gkdesk-notice\n" + basis).encode("utf-8")).hexdigest()[:20]


def task_keys(texts: list[str]) -> list[str]:
    """One key per task, in document order: its content key, "-2" … for repeated texts."""
    seen: dict[str, int] = {}
    out = []
    for t in texts:
        k = "T" + content_key(t)[:16]
        n = seen[k] = seen.get(k, 0) + 1
        out.append(k if n == 1 else f"{k}-{n}")
    return out


def fixed_digest(secret: bytes, notice: str, unit: str, round_no: int, task: str, fixed: list[str]) -> str:
    """HMAC of a row's identity and its fixed texts; spacing and punctuation changes do not count."""
    return digest_of_normalized(secret, notice, unit, round_no, task, normalized_fixed(fixed))


def normalized_fixed(fixed: list[str]) -> str:
    """The part of fixed_digest's message that depends on the texts only: the same for every unit,
    so a hand-out to 80 units normalises each task's texts once."""
    return "\x1f".join(normalize_text(f) for f in fixed)


def digest_of_normalized(secret: bytes, notice: str, unit: str, round_no: int, task: str, fixed_norm: str) -> str:
    """fixed_digest with the texts already through normalized_fixed."""
    msg = "\x1f".join([notice, normalize_text(unit), str(round_no), task, fixed_norm])
    return hmac.new(secret, msg.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a or "", b or "")


# -- plain data of a sheet handed out ---------------------------------------------------------


@dataclass
class SheetRow:
    key: str
    fixed: list[str]  # the notice's own columns, in header order
    digest: str
    held: dict[str, str] = field(default_factory=dict)  # what the collector already holds (field → text)
    returned: str = ""  # the 退回 reason when the reviewer sent this entry back (审核)


@dataclass
class SheetData:
    """One unit's 填报表 for one round, ready for the exporter."""

    notice_key: str
    doc_number: str
    notice_title: str
    table_title: str
    unit: str
    round_no: int
    collector: str
    fixed_headers: list[str]
    rows: list[SheetRow]
    statuses: list[str]
    report_due: date | None = None
    instructions: list[str] = field(default_factory=list)
    file_stem: str = ""
    fixed_roles: list[str] = field(default_factory=list)  # table roles of fixed_headers (section, text …)

    def headers(self) -> list[str]:
        """The header row as written: key column, the notice's columns, then the fill columns."""
        return [KEY_HEADER, *self.fixed_headers, *(h for h, _ in FILL_COLUMNS)]


def sheet_file_name(notice_title: str, unit: str, table_title: str = "") -> str:
    """江津区2022年政务公开任务分工_填报表_区财政局.xlsx — words a clerk recognises."""
    base = short_title(notice_title) or short_title(table_title) or "任务分工"
    return f"{_safe_name(base)}_填报表_{_safe_name(unit)}.xlsx"


def short_title(title: str) -> str:
    """关于印发江津区2022年政务公开工作要点任务分工的通知 → 江津区2022年政务公开任务分工."""
    t = re.sub(r"\s+", "", title or "")
    t = t.split("关于印发", 1)[-1]
    t = re.sub(r"的通知$", "", t)
    m = re.match(r"^(?:.*?)([\u4e00-\u9fa5]{2,6}?)(\d{4})年(.*)$", t)
    if m and "任务分工" in m.group(3):
        return f"{m.group(1)}{m.group(2)}年政务公开任务分工"
    return t[:40]


def _safe_name(text: str) -> str:
    """No characters Windows forbids in a file name."""
    return re.sub(r'[\\/:*?"<>|\r\n\t]+', "", text).strip(" .") or "未命名"


# -- plain data of a return read back ---------------------------------------------------------


@dataclass
class ReturnRow:
    row: int  # row number in the file (after whatever sorting the unit did)
    key: str
    fixed: list[str]
    values: dict[str, Any]  # field → value; only what the unit filled
    digest: str = ""  # digest carried in the file (for a lead's return upward)
    confidence: float = 1.0  # 1.0 for a 填报表 row; the text match for a 附件1 table row
    matched_text: str = ""


@dataclass
class ParsedReturn:
    """What a returned file says, before the store has seen it."""

    path: str
    name: str
    sha256: str
    kind: str  # "sheet" (a 填报表) or "table" (the notice's own 附件1 table filled in)
    notice_key: str = ""
    doc_number: str = ""
    notice_title: str = ""
    unit: str = ""
    round_no: int = 0
    collector: str = ""
    headers: list[str] = field(default_factory=list)
    fixed_roles: list[str] = field(default_factory=list)
    rows: list[ReturnRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # any problem: nothing of the file is merged
    notes: list[str] = field(default_factory=list)  # worth saying, merged all the same
    unmatched: list[str] = field(default_factory=list)  # table rows matched to no task

    @property
    def filled(self) -> int:
        return sum(1 for r in self.rows if r.values)

    @property
    def empty(self) -> int:
        return sum(1 for r in self.rows if not r.values)


class ReturnError(Exception):
    """A file that is no return at all (damaged, not a 填报表 nor a task table): one Chinese line."""


# -- cell values ------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?$")
_MONTH_RE = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*月?(?:底|末)?$")


def parse_date(value: Any) -> date | None:
    """完成时间 as a unit types it: a date cell, 2022年9月30日, 2022-9-30, 2022/9/30, 2022.9.30, 2022年9月.

    Raises ValueError for text that is no date (the unit probably typed into the wrong column).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = str(value).strip()
    if not s:
        return None
    m = _DATE_RE.match(s)
    if m:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MONTH_RE.match(s)
    if m:
        import calendar

        y, mo = int(m.group(1)), int(m.group(2))
        return date(y, mo, calendar.monthrange(y, mo)[1])
    raise ValueError(s)


_LINK_SPLIT = re.compile(r"[\n；;，,、]+|\s{2,}")


def split_links(text: str) -> list[str]:
    return [p.strip() for p in _LINK_SPLIT.split(text or "") if p.strip()]


_FIELD_LINE = re.compile(r"^\s*(公开路径|公开链接|链接|网址|佐证材料|完成时间|状态|备注)\s*[:：]\s*(.*)$")


def split_completion_cell(text: str) -> dict[str, Any]:
    """A 完成情况 cell as gkdesk's forms write it: lines "公开路径：…", "佐证材料：…" go to their fields.

    佐证材料 names travel as words only (the files stay with the unit), so they go to 备注.
    """
    out: dict[str, Any] = {}
    body: list[str] = []
    notes: list[str] = []
    for line in (text or "").split("\n"):
        m = _FIELD_LINE.match(line)
        if not m:
            body.append(line)
            continue
        word, value = m.group(1), m.group(2).strip()
        if not value:
            continue
        if word in ("公开路径", "公开链接", "链接", "网址"):
            out.setdefault("links", []).extend(split_links(value))
        elif word == "佐证材料":
            notes.append(f"佐证材料：{value}")
        elif word == "完成时间":
            try:
                d = parse_date(value)
            except ValueError:
                body.append(line)
                continue
            if d:
                out["completed_on"] = d
        elif word == "状态":
            out["status"] = value
        else:
            notes.append(value)
    t = "\n".join(body).strip()
    t = re.sub(r"^【(.+?)】$", "", t) if t.startswith("【") and t.endswith("】") else t
    if t:
        out["text"] = t
    if notes:
        out["note"] = "\n".join(notes)
    return out


def value_text(field_name: str, value: Any) -> str:
    """A completion field as the text a sheet cell holds and a comparison uses."""
    if value is None:
        return ""
    if field_name == "links":
        return "\n".join(value) if isinstance(value, (list, tuple)) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


__all__ = [
    "FIELD_LABELS",
    "FILL_COLUMNS",
    "FILL_FIELDS",
    "FORMAT",
    "FORMAT_VERSION",
    "IDENTITY_SHEET",
    "KEY_HEADER",
    "MIN_CONFIDENCE",
    "ParsedReturn",
    "ReturnError",
    "ReturnRow",
    "SheetData",
    "SheetRow",
    "digest_of_normalized",
    "digests_equal",
    "fixed_digest",
    "normalized_fixed",
    "notice_key",
    "parse_date",
    "sheet_file_name",
    "split_completion_cell",
    "split_links",
    "task_keys",
    "value_text",
]
