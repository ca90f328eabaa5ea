"""The two output forms (附件1 落实情况, 附件2 人员名单) as HTML for QTextDocument.

Qt's rich-text subset: one <table> with a <thead> (QTextDocument repeats it on every page), cells
merged with rowspan/colspan as on the notice's own form, every value escaped, newlines kept as <br>.
Font sizes are in pt so they come out right on a printer laid out at its own resolution.
"""
from __future__ import annotations

import html

from gkdesk.exporters.forms import CompletionForm, RosterForm

# Official fonts first (on a clerk's Windows PC), then what a Linux/UOS desk has.
TITLE_FONTS = "'方正小标宋简体', 'FZXiaoBiaoSong-B05S', '华文中宋', 'STZhongsong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif"
LABEL_FONTS = "'黑体', 'SimHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif"
BODY_FONTS = "'仿宋_GB2312', '仿宋', 'FangSong', 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', 'WenQuanYi Micro Hei', serif"

# A 完成情况 (or any cell) longer than this is cut in print: a 2 MB paste would be thousands of
# pages. The .docx/.xlsx exports keep the whole text.
MAX_CELL_CHARS = 6000

# Relative column widths by role (normalised to 100 % over the columns the notice has).
_WIDTH = {
    "section": 9, "subsection": 11, "number": 4, "title": 10, "text": 30, "lead": 9,
    "responsible": 11, "deadline": 8, "completion": 22,
}


# Roster columns: phone numbers must not wrap at 12 pt on A4 portrait.
_ROSTER_WIDTH = {"姓名": 13, "职务": 17, "联系电话": 24, "电话": 24, "手机": 24, "手机号码": 24, "备注": 18}


def cell_text(value: str | None, limit: int = MAX_CELL_CHARS) -> str:
    """Escaped HTML for one cell: newlines → <br>, overlong text cut with a note."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limit:
        text = text[:limit] + f"……（以下从略，全文共{len(value or '')}字，见电子版）"
    return html.escape(text).replace("\n", "<br/>")


def _head(label: str, title: str, unit_line: str) -> str:
    return (
        f'<p style="font-family:{LABEL_FONTS}; font-size:16pt; margin:0">{html.escape(label)}</p>'
        f'<p align="center" style="font-family:{TITLE_FONTS}; font-size:22pt; margin-top:12pt; margin-bottom:12pt">'
        f"{cell_text(title, 400)}</p>"
        + _unit_row(unit_line)
    )


def _unit_row(unit_line: str) -> str:
    """填报单位 (or 单位（公章）) at the left, 填报日期 at the right, as on the printed form."""
    left, sep, right = unit_line.partition("填报日期")
    left = left.rstrip("\u3000 ")
    right = sep + right
    return (
        f'<table width="100%" border="0" cellspacing="0" cellpadding="0" style="margin-bottom:6pt; font-family:{BODY_FONTS}; font-size:14pt">'
        f'<tr><td align="left" style="white-space:pre-wrap">{cell_text(left, 400)}</td>'
        f'<td align="right" style="white-space:pre-wrap">{cell_text(right, 400)}</td></tr></table>'
    )


_TABLE = (
    '<table width="100%" border="1" cellspacing="0" cellpadding="4" '
    f'style="border-collapse:collapse; border-color:#000; border-style:solid; font-family:{BODY_FONTS}; font-size:{{size}}pt">'
)


def _th(text: str, width: float | None = None, colspan: int = 1) -> str:
    attrs = f' width="{width:.1f}%"' if width else ""
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    return f'<th{attrs} align="center" valign="middle" style="font-weight:bold">{text}</th>'


def _runs(values: list[str]) -> list[int]:
    """rowspan per row: n at the first row of a run of equal values, 0 for covered rows."""
    spans = [0] * len(values)
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        spans[i] = j - i + 1
        i = j + 1
    return spans


def completion_html(form: CompletionForm, font_pt: float = 10.5) -> str:
    headers = list(form.headers)
    total = sum(_WIDTH.get(role, 8) for _, role in headers) or 1
    widths = [100.0 * _WIDTH.get(role, 8) / total for _, role in headers]
    # Header words repeated over adjacent columns (重点任务 over section and subsection) become one cell.
    ths: list[str] = []
    i = 0
    while i < len(headers):
        j = i
        while j + 1 < len(headers) and headers[j + 1][0] == headers[i][0] and headers[i][0].strip():
            j += 1
        ths.append(_th(cell_text(headers[i][0], 200), sum(widths[i:j + 1]), j - i + 1))
        i = j + 1
    rows = form.rows
    # Sections and subsections merged down their rows, as in the notice.
    spans = {
        "section": _runs([r.section for r in rows]),
        "subsection": _runs([(r.section, r.subsection) for r in rows]),  # type: ignore[list-item]
    }
    body: list[str] = []
    for n, row in enumerate(rows):
        tds: list[str] = []
        for (_, role), width in zip(headers, widths):
            if role in spans:
                span = spans[role][n]
                if span == 0:
                    continue
                rs = f' rowspan="{span}"' if span > 1 else ""
                tds.append(f'<td{rs} valign="middle">{cell_text(row.value(role))}</td>')
            elif role in ("number", "lead", "responsible", "deadline"):
                tds.append(f'<td align="center" valign="middle">{cell_text(row.value(role))}</td>')
            else:
                tds.append(f'<td valign="middle">{cell_text(row.value(role))}</td>')
        body.append("<tr>" + "".join(tds) + "</tr>")
    if not rows:
        body.append("<tr>" + "".join("<td>&nbsp;</td>" for _ in headers) + "</tr>")
    return (
        "<html><body>"
        + _head(form.label, form.title, form.unit_line())
        + _TABLE.format(size=font_pt)
        + "<thead><tr>" + "".join(ths) + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></body></html>"
    )


def roster_html(form: RosterForm, font_pt: float = 12) -> str:
    cols = list(form.columns)
    weights = [_ROSTER_WIDTH.get(c.strip(), 16) for c in cols]
    scale = 72.0 / max(1, sum(weights))
    ths = [_th("类\u3000别", 28.0)] + [_th(cell_text(c, 200), w * scale) for c, w in zip(cols, weights)]
    body: list[str] = []
    for category, persons in form.blocks:
        persons = persons or [["" for _ in cols]]
        for k, values in enumerate(persons):
            tds = []
            if k == 0:
                rs = f' rowspan="{len(persons)}"' if len(persons) > 1 else ""
                tds.append(f'<td{rs} align="center" valign="middle">{cell_text(category)}</td>')
            for c in range(len(cols)):
                v = values[c] if c < len(values) else ""
                # Blank rows stay tall enough to write in by hand.
                tds.append(f'<td align="center" valign="middle" height="36">{cell_text(v) or "&nbsp;"}</td>')
            body.append("<tr>" + "".join(tds) + "</tr>")
    return (
        "<html><body>"
        + _head(form.label, form.title, form.unit_line())
        + _TABLE.format(size=font_pt)
        + "<thead><tr>" + "".join(ths) + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></body></html>"
    )


def form_html(form) -> str:
    if isinstance(form, CompletionForm):
        return completion_html(form)
    if isinstance(form, RosterForm):
        return roster_html(form)
    raise TypeError(f"not a form: {type(form).__name__}")
