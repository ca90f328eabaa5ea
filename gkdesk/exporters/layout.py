"""Layout rules of the 附件1 table shared by the Word, Excel and print writers, and the 附件2 table's
column widths shared by Word and print (no Qt, no Office).

One rule each, so the three files agree: which cells merge (sections down their rows, equal header
words across columns) and how wide each column is.
"""
from __future__ import annotations

from collections.abc import Sequence

from gkdesk.domain.forms import CompletionForm

# Merged down their rows, as in the notice's own table.
MERGED_ROLES = ("section", "subsection")


def equal_runs(values: Sequence[str], parents: Sequence[object] | None = None) -> list[tuple[int, int]]:
    """(start, length) of runs of equal consecutive values, covering every index once.

    A blank value never merges: Word and Excel have always shown one empty cell per row there, and
    a clerk writing a section by hand into a blank cell expects it to be that row's cell alone. With
    parents, a run also stops where the parent changes (a subsection repeats in another section).
    """
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(values):
        j = i + 1
        while (
            j < len(values)
            and values[i] != ""
            and values[j] == values[i]
            and (parents is None or parents[j] == parents[i])
        ):
            j += 1
        runs.append((i, j - i))
        i = j
    return runs


def header_spans(words: Sequence[str]) -> list[tuple[int, int]]:
    """Header cells merged across columns: 重点任务 over the section and subsection columns."""
    return equal_runs([w.strip() for w in words])


def section_runs(form: CompletionForm) -> dict[str, list[tuple[int, int]]]:
    """Vertical merges per merged role the form has: {"section": [(start, length)…], …}."""
    roles = {r for _, r in form.headers}
    sections = [r.section for r in form.rows]
    out: dict[str, list[tuple[int, int]]] = {}
    if "section" in roles:
        out["section"] = equal_runs(sections)
    if "subsection" in roles:
        out["subsection"] = equal_runs([r.subsection for r in form.rows], sections)
    return out


# The heading above a form's table, paragraph by paragraph: (font pt, line pitch pt, space before
# pt, space after pt). The pitch is exact in the .docx (w:lineRule="exact") and in print, so Word,
# LibreOffice and Qt give the heading one height whatever font stands in for a missing 方正小标宋简体
# or 仿宋_GB2312; left to "auto", the template's 1.15 lines made LibreOffice's heading 40 pt taller
# than print's, and page 1 held a row less.
HEADING_PT = {"label": (16, 28, 0, 0), "title": (22, 36, 6, 12), "unit": (14, 24, 0, 6)}


# A row whose longest cell is shorter than this is kept whole on one page (Word's cantSplit);
# a longer one may break between its lines. Word, LibreOffice and print follow the same rule,
# so the printed form breaks its pages where the .docx does.
KEEP_WHOLE_CHARS = 160


def keeps_whole(values: Sequence[str]) -> bool:
    return max(map(len, values), default=0) < KEEP_WHOLE_CHARS


# Column widths: a share of the landscape type area (A4 297 mm less 28 + 26 mm margins = 243 mm).
TYPE_AREA_MM = 297 - 28 - 26
CHAR_MM = 4.3  # one 12 pt 汉字 with a little spacing
PAD_MM = 4.0  # cell padding left + right
STEP_MM = 2.0
LOOKAHEAD = 12  # steps tried at once: one more 汉字 per line may need several millimetres
SAMPLE_ROWS = 120
TIE = 0.2
COMPLETION_MIN_MM = 50.0  # room to write the 完成情况 by hand on a blank form
TEXT_MIN_MM = 40.0
_FLOOR_MM = {"number": 10.0, "deadline": 14.0, "section": 17.5, "subsection": 19.0}  # 3–4 汉字 a line
_CEIL_MM = {"section": 30.0, "subsection": 36.0, "number": 14.0, "lead": 40.0, "responsible": 44.0, "deadline": 28.0, "title": 40.0, "note": 30.0}


def _chars(s: str) -> float:
    """Width in 汉字: a digit or Latin letter is about half of one."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in s)


def _floor(role: str, word: str, shared: bool) -> float:
    if role == "text":
        return TEXT_MIN_MM
    if role == "completion":
        return COMPLETION_MIN_MM
    # A header word of four or more 汉字 may take two lines (牵头/单位), as forms print it; a
    # word over two columns (重点任务) needs half of it in each.
    n = _chars(word.strip())
    if shared:
        n = 0
    elif n >= 4:
        n = -(-n // 2)
    return max(n * CHAR_MM + PAD_MM, _FLOOR_MM.get(role, 14.0))


# What a header line truly holds: 12 pt 汉字 in Word's cell padding (Table Grid's 108 twips a side),
# which print uses too (printing/table_pages.py).
EM_MM = 12 * 25.4 / 72
WORD_PAD_MM = 2 * 108 / 1440 * 25.4


def header_text(word: str, width_mm: float) -> str:
    """A header word too long for one line of its column, broken at its middle: 牵头/单位 as forms
    print it, not 牵头单/位 as Word and Qt wrap it. Only the .docx and print get the break; the
    .xlsx keeps the word whole (Excel wraps it, and the fill-in readers match header words)."""
    word = word.strip()
    n = len(word)
    if n < 4 or any(ch.isspace() or ord(ch) <= 0x2E7F for ch in word):
        return word
    half = -(-n // 2)
    room = (width_mm - WORD_PAD_MM) / EM_MM + 1e-6
    if n <= room or half > room:
        return word
    return word[:half] + "\n" + word[half:]


def column_widths_mm(form: CompletionForm, usable_mm: float = TYPE_AREA_MM) -> list[float]:
    """Widths (mm, summing to usable_mm) that follow content: each column starts at what its header
    needs, then each millimetre goes to the column where it saves the most lines over the whole
    table (estimated at 12 pt). So long 贯彻举措 get wide, short unit names stay narrow, and what
    saves nothing more goes to 贯彻举措 and 完成情况 (two to one)."""
    roles = [r for _, r in form.headers]
    words = [w for w, _ in form.headers]
    n = len(roles)
    shared = [
        (c > 0 and words[c - 1].strip() == words[c].strip()) or (c + 1 < n and words[c + 1].strip() == words[c].strip())
        for c in range(n)
    ]
    widths = [_floor(r, w, sh) for r, w, sh in zip(roles, words, shared)]
    if "deadline" in roles:
        # A date such as 2022年12月底前 reads badly in four pieces: room for it in two lines.
        c = roles.index("deadline")
        lengths = sorted(_chars(row.value("deadline")) for row in form.rows)
        typical = lengths[int(len(lengths) * 0.8)] if lengths else 0.0
        widths[c] = min(max(widths[c], -(-typical // 2) * CHAR_MM + PAD_MM), _CEIL_MM["deadline"])
    if sum(widths) >= usable_mm or not form.rows:
        return _spread(widths, roles, usable_mm)
    rows = form.rows
    if len(rows) > SAMPLE_ROWS:  # the widths of a long table follow an even sample of its rows
        rows = [rows[i * len(rows) // SAMPLE_ROWS] for i in range(SAMPLE_ROWS)]
    cells = [[[_chars(x) for x in row.value(r).split("\n")] if row.value(r) else [] for r in roles] for row in rows]
    spread = [[1] * len(rows) for _ in roles]  # rows a merged cell spreads its lines over
    for c, role in enumerate(roles):
        if role not in MERGED_ROLES:
            continue
        k = 0
        while k < len(rows):
            j = k + 1
            while j < len(rows) and rows[j].value(role) == rows[k].value(role) and rows[k].value(role):
                j += 1
            for m in range(k, j):
                spread[c][m] = j - k
                if m != k:
                    cells[m][c] = []
            k = j
    # A column's lines depend on its width only through the 汉字 a line holds: remembered per
    # (column, 汉字 per line), each cell's line widths taken in hundredths once.
    hundredths = [[[int(x * 100) for x in cell] for cell in row] for row in cells]
    memo: dict[tuple[int, int], list[float]] = {}

    def column_lines(c: int, w: float) -> list[float]:
        per = max(1, int((w - PAD_MM) / CHAR_MM)) * 100
        key = (c, per)
        if key not in memo:
            memo[key] = [
                sum(max(1, -(-h // per)) for h in row[c]) / spread[c][r] if row[c] else 0.0
                for r, row in enumerate(hundredths)
            ]
        return memo[key]

    left = usable_mm - sum(widths)
    while left >= STEP_MM:
        lines = [column_lines(c, widths[c]) for c in range(n)]
        by_row = list(zip(*lines))
        # Per row, the tallest column and the runner-up: "the tallest of the others" for every
        # column from one pass (was a max over the other columns per column and row).
        top = [max(range(n), key=row.__getitem__) for row in by_row]
        second = [max((v for k, v in enumerate(row) if k != t), default=0.0) for t, row in zip(top, by_row)]
        best, best_k, best_rate = -1, 0, 0.0
        for c in range(n):
            others = [s if t == c else row[t] for t, s, row in zip(top, second, by_row)]
            # Row heights count; a column's own lines count a little too, so two columns tied
            # at the top of a row (牵头单位 and 责任单位 both five lines) can both be widened.
            # (map over max: the row sums run in C, this loop is most of the width rule's cost.)
            now = sum(map(max, others, lines[c])) + TIE * sum(lines[c])
            last = lines[c]
            for k in range(1, LOOKAHEAD + 1):
                w = widths[c] + k * STEP_MM
                if w > _CEIL_MM.get(roles[c], usable_mm) or k * STEP_MM > left:
                    break
                xs = column_lines(c, w)
                if xs is last:  # no more 汉字 a line than k - 1 steps: the same gain over more mm
                    continue
                last = xs
                gain = now - (sum(map(max, others, xs)) + TIE * sum(xs))
                if gain / k > best_rate + 1e-9:
                    best, best_k, best_rate = c, k, gain / k
        if best < 0:
            break
        widths[best] += best_k * STEP_MM
        left -= best_k * STEP_MM
    return _spread(widths, roles, usable_mm)


def _spread(widths: list[float], roles: Sequence[str], usable_mm: float) -> list[float]:
    """What is left (or missing) goes to 贯彻举措 and 完成情况, two to one."""
    weights = [2.0 if r == "text" else 1.0 if r == "completion" else 0.0 for r in roles]
    if not any(weights):
        weights = [1.0] * len(roles)
    extra = usable_mm - sum(widths)
    total = sum(weights)
    out = [w + extra * k / total for w, k in zip(widths, weights)]
    if min(out) <= 0:  # more columns than the page holds: scale all
        scale = usable_mm / sum(widths)
        out = [w * scale for w in widths]
    return out


# 附件2 (portrait): the type area is A4's 210 mm less 28 + 26 mm margins. 类别 takes a fixed width
# (narrower when there are more than four columns), the rest is shared out by column word.
ROSTER_TYPE_AREA_MM = 210 - 28 - 26
_ROSTER_WEIGHT = {"姓名": 1.0, "职务": 1.5, "联系电话": 1.5, "备注": 1.0}


def roster_widths_mm(columns: Sequence[str], usable_mm: float = ROSTER_TYPE_AREA_MM) -> list[float]:
    """Widths (mm, summing to usable_mm) of the 附件2 table: 类别, then each of columns. The .docx's
    grid and print's columns (printing/grid.py) both come from here."""
    category_mm = 42.0 if len(columns) <= 4 else 34.0
    weights = [_ROSTER_WEIGHT.get(c, 1.2) for c in columns]
    if not weights:
        return [usable_mm]
    return [category_mm] + [(usable_mm - category_mm) * w / sum(weights) for w in weights]


__all__ = ["HEADING_PT", "MERGED_ROLES", "header_text", "column_widths_mm", "equal_runs", "header_spans", "keeps_whole", "roster_widths_mm", "section_runs"]
