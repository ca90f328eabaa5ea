"""Notice facts from the text around the table: 发文字号, title, issuer, date, attachments,
report deadlines (报送时限) and the contact person."""
from __future__ import annotations

import re
from datetime import date

from gkdesk.domain.model import Notice, ReportDeadline
from gkdesk.lazy_re import lazy_compile

from .grid import compact

# A 发文字号 is the issuer's short name, 1–12 characters of U+4E00–U+9FA5, then this tail. The name
# is measured in Python: re compiles a range of 20,902 characters one by one (more instructions
# than lxml takes to parse a whole notice page), twice per import on this path. The tail's brackets
# are folded to ASCII before the search (one character for one, so positions hold): re builds a
# bitmap of the whole BMP, in Python, for a class of more than two runs of characters above U+00FF,
# and the tail as written, "[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*\d{1,4}\s*号", had three.
_BRACKETS = str.maketrans("〔［【（(〕］】）)", "[[[[[]]]]]")
_DOC_NUMBER_TAIL = lazy_compile(r"\[\s*(\d{4})\s*\]\s*\d{1,4}\s*号")
_CONTACT_LABEL = lazy_compile(r"联系人[:：]\s*")
_DATE_LINE = lazy_compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:印发)?$")
_ISO_DATE = lazy_compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR_IN_TITLE = lazy_compile(r"(\d{4})\s*年")
_ATTACH_HEAD = lazy_compile(r"^附\s*件\s*[:：]\s*(.*)$")
_ATTACH_ITEM = lazy_compile(r"^(\d{1,2})\s*[.．、]\s*(.+)$")
_DUE = lazy_compile(
    r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*[（(][^）)]*[）)])?\s*"
    r"(?:(\d{1,2})\s*[:：]\s*(\d{2}))?"
)
_NOT_A_REPORT = "告刊道纸表名"  # 报告 报刊 报道 报纸 报表 报名
_ISSUER_SUFFIXES = ("办公室", "人民政府", "管委会", "委员会", "办公厅", "政府")


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


_LABEL_CHARS = "[]［］【】|:：　"
_AFTER_OWN_NUMBER = lazy_compile(r"^[|\s]*(?:签发人.*)?$")


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fa5"


def doc_numbers(text: str) -> list[tuple[int, int]]:
    r"""(start, end) of each 发文字号 in ``text``, left to right, as
    ``re.finditer(r"[\u4e00-\u9fa5]{1,12}" + tail)`` finds them (the tail never holds one)."""
    out: list[tuple[int, int]] = []
    for m in _DOC_NUMBER_TAIL.finditer(text.translate(_BRACKETS)):
        floor = out[-1][1] if out else 0  # a match never reaches into the one before it
        end = start = m.start()
        while start > floor and end - start < 12 and _is_hanzi(text[start - 1]):
            start -= 1
        if start < end:
            out.append((start, m.end()))
    return out


def find_doc_number(lines: list[str]) -> str:
    """The notice's own 发文字号: on a line of its own at the head (or after a 发文字号 label).

    A number quoted inside a sentence ("…的通知》（国办发〔2019〕14号）精神") is another document's.
    """
    for ln in lines[:60]:
        c = compact(ln)
        for start, end in doc_numbers(c):
            before = c[:start].split("|")[-1].strip(_LABEL_CHARS)
            after = c[end:]
            if (not before or before.endswith(("文号", "字号"))) and _AFTER_OWN_NUMBER.match(after):
                return c[start:end]
    return ""


def find_title(lines: list[str]) -> tuple[str, str]:
    """(title, issuer). The title may run over several lines; the issuer may stand above it."""
    text_lines = [compact(ln) for ln in lines]
    for i, ln in enumerate(text_lines[:80]):
        if "关于" not in ln or len(ln) > 80 or ln.startswith(("为", "根据", "按照")):
            continue
        parts = [ln]
        j = i + 1
        while not parts[-1].endswith(("通知", "通报", "意见", "要点")) and j < len(text_lines) and j < i + 6:
            if text_lines[j]:
                parts.append(text_lines[j])
            j += 1
        title = "".join(parts)
        # Web copies repeat the title in a metadata header: "[标题]|…"; keep the text after it.
        if title.startswith(("标题", "[标题")):
            title = re.sub(r"^\[?标题\]?\|?", "", title)
        title = title.strip("|")
        issuer = title.split("关于", 1)[0]
        if not issuer:
            k = i - 1
            while k >= 0 and not text_lines[k]:
                k -= 1
            if k >= 0 and text_lines[k].endswith(_ISSUER_SUFFIXES) and len(text_lines[k]) <= 30:
                issuer = text_lines[k]
                title = issuer + title
        return title, issuer
    return "", ""


def find_date(lines: list[str]) -> date | None:
    for ln in lines:
        m = _DATE_LINE.match(compact(ln))
        if m:
            return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def find_attachments(lines: list[str]) -> list[str]:
    out: list[str] = []
    for i, ln in enumerate(lines):
        m = _ATTACH_HEAD.match(ln.strip())
        if not m:
            continue
        first = m.group(1).strip()
        if first:
            mi = _ATTACH_ITEM.match(first)
            out.append((mi.group(2) if mi else first).strip())
        for nxt in lines[i + 1 : i + 12]:
            s = nxt.strip()
            if not s:
                continue
            mi = _ATTACH_ITEM.match(s)
            if not mi:
                break
            out.append(mi.group(2).strip())
        break
    return out


def _has_report_verb(clause: str) -> bool:
    r"""What ``re.search(r"报送|上报|报至|前报|报(?!告|刊|道|纸|表|名)", clause)`` finds, as a string test
    (that pattern's classes of Chinese characters cost re more to compile than reading a page's
    facts): a 报 not starting 报告/报刊/…, or one after 上 or 前."""
    i = clause.find("报")
    while i >= 0:
        after = clause[i + 1 : i + 2]
        if not after or after not in _NOT_A_REPORT or clause[i - 1 : i] in ("上", "前"):
            return True
        i = clause.find("报", i + 1)
    return False


def find_report_deadlines(lines: list[str], year: int | None) -> list[ReportDeadline]:
    out: list[ReportDeadline] = []
    for ln in lines:
        # Clauses end at ；;。 (the three made one, then split: what re.split would give).
        for clause in ln.replace("；", ";").replace("。", ";").split(";"):
            if "前" not in clause or not _has_report_verb(clause):
                continue
            dues = list(_DUE.finditer(clause))
            if not dues:
                continue
            after = clause[dues[-1].end() :]
            if not after.lstrip("和及、，, ").startswith(("前", "之前")):
                continue
            what = _what(clause)
            att = re.search(r"附件\s*(\d+)", clause)
            # "请各牵头单位于…前…报": the deadline binds only the units that lead a task.
            audience = "牵头单位" if "牵头单位" in clause[: dues[0].start()] else ""
            to = re.search(r"报(?:送)?(?:至|给)?([^，,（(]{2,20}?)(?:[（(]|$)", after)
            for m in dues:
                y = int(m.group(1)) if m.group(1) else year
                if y is None:
                    continue
                d = _date(y, int(m.group(2)), int(m.group(3)))
                if d is None:
                    continue
                t = f"{int(m.group(4)):02d}:{m.group(5)}" if m.group(4) else None
                out.append(ReportDeadline(
                    what=what, due=d, time=t,
                    attachment=f"附件{att.group(1)}" if att else None,
                    recipient=to.group(1).strip() if to else "", audience=audience,
                ))
    return out


def _what(clause: str) -> str:
    """What must be sent: the words after 将, before 通过/报/分别/（附件…）."""
    m = re.search(r"将(.+?)(?:[（(]附件|通过|分别|于|报送|上报|报)", clause)
    if m:
        return m.group(1).strip("，, ")
    m = re.search(r"报送(.+?)(?:[（(]|$)", clause)
    return m.group(1).strip() if m else clause.strip()[:30]


def contact_name(line: str) -> str:
    r"""The name after the first 联系人： followed by 2–4 hanzi, as
    ``re.search(r"联系人[:：]\s*([\u4e00-\u9fa5]{2,4})", line)`` finds it; "" if none."""
    if "联系人" not in line:
        return ""
    for m in _CONTACT_LABEL.finditer(line):
        i = j = m.end()
        while j < len(line) and j - i < 4 and _is_hanzi(line[j]):
            j += 1
        if j - i >= 2:
            return line[i:j]
    return ""


def find_contact(lines: list[str]) -> tuple[str, str]:
    for ln in lines:
        name = contact_name(ln)
        if name:
            p = re.search(r"(?:联系)?电话[:：]\s*([\d\-－ ]{7,20}\d)", ln)
            return name, (p.group(1).replace(" ", "") if p else "")
    return "", ""


def read_notice(lines: list[str]) -> Notice:
    """Every fact the body gives; missing ones stay empty."""
    n = Notice()
    n.doc_number = find_doc_number(lines)
    n.title, n.issuer = find_title(lines)
    n.date = find_date(lines)
    if n.date is None:
        for ln in lines[:10]:
            if "成文日期" in ln and (m := _ISO_DATE.search(ln)):
                n.date = _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    ym = _YEAR_IN_TITLE.search(n.title)
    n.year = int(ym.group(1)) if ym else (n.date.year if n.date else None)
    n.attachments = find_attachments(lines)
    n.report_deadlines = find_report_deadlines(lines, n.year)
    n.contact, n.phone = find_contact(lines)
    return n
